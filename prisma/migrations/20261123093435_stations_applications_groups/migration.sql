-- CreateEnum
CREATE TYPE "product_kind" AS ENUM ('license', 'station');

-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "applications" TEXT[] DEFAULT ARRAY['Softphone', 'Web-SMS', 'Meet']::TEXT[];

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "applications" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "product" ADD COLUMN     "kind" "product_kind" NOT NULL DEFAULT 'license';

-- AlterTable
ALTER TABLE "license_assignment" ADD COLUMN     "station" BOOLEAN;

-- CreateTable
CREATE TABLE "call_group" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "call_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_group_member" (
    "group_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "call_group_member_pkey" PRIMARY KEY ("group_id","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "call_group_organization_id_key_key" ON "call_group"("organization_id", "key");

-- CreateIndex
CREATE INDEX "call_group_member_user_id_idx" ON "call_group_member"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "license_assignment_user_id_station_key" ON "license_assignment"("user_id", "station");

-- AddForeignKey
ALTER TABLE "call_group" ADD CONSTRAINT "call_group_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_group_member" ADD CONSTRAINT "call_group_member_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "call_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_group_member" ADD CONSTRAINT "call_group_member_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
