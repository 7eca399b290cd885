-- DropIndex
DROP INDEX "user_organization_id_idx";

-- CreateIndex
CREATE INDEX "user_organization_id_last_name_first_name_id_idx" ON "user"("organization_id", "last_name", "first_name", "id");
