-- CreateEnum
CREATE TYPE "device_kind" AS ENUM ('voip', 'mobile', 'external');

-- CreateTable
CREATE TABLE "phone_number" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "user_id" UUID,
    "assigned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "phone_number_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "kind" "device_kind" NOT NULL,
    "mac" TEXT,
    "model" TEXT,
    "number" TEXT,
    "ports" INTEGER NOT NULL DEFAULT 1,
    "user_id" UUID,
    "assigned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "phone_number_number_key" ON "phone_number"("number");

-- CreateIndex
CREATE INDEX "phone_number_organization_id_user_id_idx" ON "phone_number"("organization_id", "user_id");

-- CreateIndex
CREATE INDEX "phone_number_user_id_idx" ON "phone_number"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "device_mac_key" ON "device"("mac");

-- CreateIndex
CREATE INDEX "device_user_id_idx" ON "device"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "device_organization_id_number_key" ON "device"("organization_id", "number");

-- AddForeignKey
ALTER TABLE "phone_number" ADD CONSTRAINT "phone_number_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phone_number" ADD CONSTRAINT "phone_number_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
