-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "extension_max_digits" INTEGER NOT NULL DEFAULT 6,
ADD COLUMN     "extension_min_digits" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "extension" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "user_organization_id_extension_key" ON "user"("organization_id", "extension");
