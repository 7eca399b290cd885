-- CreateEnum
CREATE TYPE "invitation_status" AS ENUM ('waiting_license', 'sent', 'accepted', 'declined', 'revoked', 'expired');

-- CreateEnum
CREATE TYPE "import_status" AS ENUM ('previewed', 'importing', 'imported', 'cancelled', 'failed');

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "invited_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "invitation" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "status" "invitation_status" NOT NULL,
    "token_hash" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "deliver_at" TIMESTAMPTZ(3),
    "delivered_via" TEXT,
    "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "slack_team_id" TEXT,
    "slack_user_id" TEXT,
    "invited_by" TEXT NOT NULL,
    "import_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitation_import" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "product_id" UUID,
    "actor_id" UUID,
    "file_name" TEXT NOT NULL,
    "content" BYTEA,
    "status" "import_status" NOT NULL DEFAULT 'previewed',
    "counts" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "invitation_import_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitation_user_id_key" ON "invitation"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "invitation_token_hash_key" ON "invitation"("token_hash");

-- CreateIndex
CREATE INDEX "invitation_deliver_at_idx" ON "invitation"("deliver_at");

-- CreateIndex
CREATE INDEX "invitation_status_expires_at_idx" ON "invitation"("status", "expires_at");

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
