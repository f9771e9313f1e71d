-- CreateEnum
CREATE TYPE "RoleKind" AS ENUM ('host', 'loadBalancer', 'external');

-- AlterTable
ALTER TABLE "roles" ADD COLUMN     "default_cidrs" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "kind" "RoleKind" NOT NULL DEFAULT 'host';

-- Catalog versions stored before roles had kinds are the Kublr catalog's (seeded at first
-- start) and copies of it: give its outside roles and load balancers their kinds, so that
-- their renderings stop writing ingress rules on security groups that do not exist. Other
-- roles stay hosts, as everything was rendered until now.
UPDATE "roles" SET "kind" = 'external', "default_cidrs" = ARRAY['0.0.0.0/0', '::/0']
  WHERE "key" IN ('internet', 'cloud-api');
UPDATE "roles" SET "kind" = 'external' WHERE "key" = 'intranet';
UPDATE "roles" SET "kind" = 'loadBalancer' WHERE "key" IN ('master-lb', 'ingress-lb');
