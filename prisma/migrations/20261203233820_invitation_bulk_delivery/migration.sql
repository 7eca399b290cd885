-- DropIndex
DROP INDEX "invitation_deliver_at_idx";

-- AlterTable
ALTER TABLE "invitation" ADD COLUMN     "bulk" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "invitation_bulk_deliver_at_idx" ON "invitation"("bulk", "deliver_at");
