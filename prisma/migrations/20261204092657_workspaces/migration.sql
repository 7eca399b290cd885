-- AlterEnum
ALTER TYPE "outbox_status" ADD VALUE 'held';

-- DropIndex
DROP INDEX "outbox_message_key_key";

-- DropIndex
DROP INDEX "outbox_message_status_destination_id_idx";

-- DropIndex
DROP INDEX "outbox_message_destination_sent_at_idx";

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "slack_enterprise_id" TEXT;

-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "workspace" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "slack_workspace" (
    "team_id" TEXT NOT NULL,
    "enterprise_id" TEXT,
    "name" TEXT,
    "organization_id" UUID,
    "confirmations_channel" TEXT,
    "approvals_channel" TEXT,
    "invitations_channel" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_workspace_pkey" PRIMARY KEY ("team_id")
);

-- CreateTable
CREATE TABLE "slack_installation" (
    "id" TEXT NOT NULL,
    "enterprise_id" TEXT,
    "team_id" TEXT,
    "is_enterprise_install" BOOLEAN NOT NULL,
    "installation" JSONB NOT NULL,
    "bot_token_expires_at" TIMESTAMPTZ(3),
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_installation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "slack_workspace_organization_id_idx" ON "slack_workspace"("organization_id");

-- CreateIndex
CREATE INDEX "slack_workspace_enterprise_id_idx" ON "slack_workspace"("enterprise_id");

-- CreateIndex
CREATE INDEX "slack_installation_enterprise_id_idx" ON "slack_installation"("enterprise_id");

-- CreateIndex
CREATE INDEX "user_slack_enterprise_id_slack_user_id_idx" ON "user"("slack_enterprise_id", "slack_user_id");

-- CreateIndex
CREATE INDEX "outbox_message_status_workspace_destination_id_idx" ON "outbox_message"("status", "workspace", "destination", "id");

-- CreateIndex
CREATE INDEX "outbox_message_workspace_destination_sent_at_idx" ON "outbox_message"("workspace", "destination", "sent_at");

-- CreateIndex
CREATE INDEX "outbox_message_key_idx" ON "outbox_message"("key");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_workspace_destination_key_key" ON "outbox_message"("workspace", "destination", "key");

-- AddForeignKey
ALTER TABLE "slack_workspace" ADD CONSTRAINT "slack_workspace_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The deployment's own workspace (SLACK_BOT_TOKEN): notices of companies linked to no workspace go here.
INSERT INTO "slack_workspace" ("team_id", "name", "updated_at") VALUES ('', NULL, CURRENT_TIMESTAMP);
