-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CatalogVersionStatus" AS ENUM ('draft', 'published', 'deprecated');

-- CreateEnum
CREATE TYPE "ParameterType" AS ENUM ('enum', 'boolean', 'portRange', 'string', 'number');

-- CreateEnum
CREATE TYPE "FlowProtocol" AS ENUM ('tcp', 'udp', 'tcp/udp', 'ipip');

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('reader', 'editor', 'publisher', 'admin');

-- CreateTable
CREATE TABLE "catalog_versions" (
    "id" UUID NOT NULL,
    "label" VARCHAR(64) NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "status" "CatalogVersionStatus" NOT NULL DEFAULT 'draft',
    "parent_id" UUID,
    "notes" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "deprecated_at" TIMESTAMPTZ(3),

    CONSTRAINT "catalog_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "roles" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_inclusions" (
    "version_id" UUID NOT NULL,
    "role_key" VARCHAR(64) NOT NULL,
    "included_key" VARCHAR(64) NOT NULL,

    CONSTRAINT "role_inclusions_pkey" PRIMARY KEY ("version_id","role_key","included_key")
);

-- CreateTable
CREATE TABLE "parameters" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "type" "ParameterType" NOT NULL,
    "allowed_values" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "default_value" JSONB,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "parameters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flows" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "key" VARCHAR(128) NOT NULL,
    "source" VARCHAR(64) NOT NULL,
    "destination" VARCHAR(64) NOT NULL,
    "protocol" "FlowProtocol" NOT NULL,
    "from_port" INTEGER,
    "to_port" INTEGER,
    "port_parameter" VARCHAR(64),
    "condition" TEXT,
    "component" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "section" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profiles" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "version_id" UUID,
    "params" JSONB NOT NULL DEFAULT '{}',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profile_address_sets" (
    "profile_id" UUID NOT NULL,
    "role" VARCHAR(64) NOT NULL,
    "cidrs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "security_group_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "profile_address_sets_pkey" PRIMARY KEY ("profile_id","role")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "prefix" VARCHAR(32) NOT NULL,
    "hash" VARCHAR(128) NOT NULL,
    "scopes" "ApiKeyScope"[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_key_id" UUID,
    "action" VARCHAR(64) NOT NULL,
    "entity_type" VARCHAR(64) NOT NULL,
    "entity_id" VARCHAR(256),
    "version_id" UUID,
    "before" JSONB,
    "after" JSONB,
    "request_id" VARCHAR(128),

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "catalog_versions_label_key" ON "catalog_versions"("label");

-- CreateIndex
CREATE INDEX "catalog_versions_status_idx" ON "catalog_versions"("status");

-- CreateIndex
CREATE UNIQUE INDEX "roles_version_id_key_key" ON "roles"("version_id", "key");

-- CreateIndex
CREATE INDEX "role_inclusions_version_id_included_key_idx" ON "role_inclusions"("version_id", "included_key");

-- CreateIndex
CREATE UNIQUE INDEX "parameters_version_id_name_key" ON "parameters"("version_id", "name");

-- CreateIndex
CREATE INDEX "flows_version_id_source_idx" ON "flows"("version_id", "source");

-- CreateIndex
CREATE INDEX "flows_version_id_destination_idx" ON "flows"("version_id", "destination");

-- CreateIndex
CREATE UNIQUE INDEX "flows_version_id_key_key" ON "flows"("version_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "profiles_name_key" ON "profiles"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_events_actor_key_id_idx" ON "audit_events"("actor_key_id");

-- AddForeignKey
ALTER TABLE "catalog_versions" ADD CONSTRAINT "catalog_versions_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "catalog_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "roles" ADD CONSTRAINT "roles_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "catalog_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_inclusions" ADD CONSTRAINT "role_inclusions_version_id_role_key_fkey" FOREIGN KEY ("version_id", "role_key") REFERENCES "roles"("version_id", "key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_inclusions" ADD CONSTRAINT "role_inclusions_version_id_included_key_fkey" FOREIGN KEY ("version_id", "included_key") REFERENCES "roles"("version_id", "key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "parameters" ADD CONSTRAINT "parameters_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "catalog_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flows" ADD CONSTRAINT "flows_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "catalog_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flows" ADD CONSTRAINT "flows_version_id_source_fkey" FOREIGN KEY ("version_id", "source") REFERENCES "roles"("version_id", "key") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flows" ADD CONSTRAINT "flows_version_id_destination_fkey" FOREIGN KEY ("version_id", "destination") REFERENCES "roles"("version_id", "key") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "catalog_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_address_sets" ADD CONSTRAINT "profile_address_sets_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

