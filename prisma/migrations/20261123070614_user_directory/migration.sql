-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "deactivated_at" TIMESTAMPTZ(3),
ADD COLUMN     "deactivated_by" TEXT,
ADD COLUMN     "search_text" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "user_last_name_first_name_id_idx" ON "user"("last_name", "first_name", "id");

-- CreateIndex
CREATE INDEX "user_search_text_idx" ON "user" USING GIN ("search_text" gin_trgm_ops);

-- Backfill the search text of existing users (src/domain/users.ts, searchTextOf).
UPDATE "user" SET "search_text" = lower(concat_ws(' ', "first_name", "last_name", "email", "title", "office_phone", "mobile_phone", "fax_phone"));
