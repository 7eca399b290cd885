-- CreateTable
CREATE TABLE "retired_invitation_link" (
    "token_hash" TEXT NOT NULL,
    "invitation_id" UUID NOT NULL,
    "retired_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "retired_invitation_link_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "password_link" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT,
    "sent_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "deliver_at" TIMESTAMPTZ(3),
    "delivered_via" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "used_at" TIMESTAMPTZ(3),
    "replaced_at" TIMESTAMPTZ(3),

    CONSTRAINT "password_link_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "retired_invitation_link_invitation_id_idx" ON "retired_invitation_link"("invitation_id");

-- CreateIndex
CREATE UNIQUE INDEX "password_link_token_hash_key" ON "password_link"("token_hash");

-- CreateIndex
CREATE INDEX "password_link_user_id_created_at_idx" ON "password_link"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "password_link_deliver_at_idx" ON "password_link"("deliver_at");

-- AddForeignKey
ALTER TABLE "retired_invitation_link" ADD CONSTRAINT "retired_invitation_link_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "password_link" ADD CONSTRAINT "password_link_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
