-- CreateTable
CREATE TABLE "change_feed" (
    "id" SMALLINT NOT NULL,
    "generation" BIGINT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "change_feed_pkey" PRIMARY KEY ("id")
);

-- The one row, so that reading the counter never finds none.
INSERT INTO "change_feed" ("id", "generation") VALUES (1, 0);
