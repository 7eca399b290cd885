-- CreateEnum
CREATE TYPE "admin_request_status" AS ENUM ('pending', 'approved', 'denied', 'cancelled', 'expired');

-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "follows_up_key" TEXT,
ADD COLUMN     "key" TEXT,
ADD COLUMN     "revises_key" TEXT;

-- CreateTable
CREATE TABLE "admin_request" (
    "id" UUID NOT NULL,
    "target_id" UUID NOT NULL,
    "requester_id" UUID,
    "requester_label" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "grant_minutes" INTEGER,
    "required_approvals" INTEGER NOT NULL,
    "status" "admin_request_status" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "remind_at" TIMESTAMPTZ(3) NOT NULL,
    "reminded_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "admin_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_decision" (
    "id" BIGSERIAL NOT NULL,
    "request_id" UUID NOT NULL,
    "approver_id" UUID NOT NULL,
    "approver_label" TEXT NOT NULL,
    "approve" BOOLEAN NOT NULL,
    "comment" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_grant" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "admin_grant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "admin_request_status_expires_at_idx" ON "admin_request"("status", "expires_at");

-- CreateIndex
CREATE INDEX "admin_request_target_id_status_idx" ON "admin_request"("target_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "admin_decision_request_id_approver_id_key" ON "admin_decision"("request_id", "approver_id");

-- CreateIndex
CREATE INDEX "admin_grant_ended_at_ends_at_idx" ON "admin_grant"("ended_at", "ends_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_key_key" ON "outbox_message"("key");

-- AddForeignKey
ALTER TABLE "admin_request" ADD CONSTRAINT "admin_request_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_decision" ADD CONSTRAINT "admin_decision_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "admin_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_grant" ADD CONSTRAINT "admin_grant_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
