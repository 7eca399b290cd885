-- CreateEnum
CREATE TYPE "call_list_privacy" AS ENUM ('complete', 'shortened', 'none');

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "call_list" "call_list_privacy" NOT NULL DEFAULT 'complete',
ADD COLUMN     "newsletter" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "web_sms" BOOLEAN NOT NULL DEFAULT false;
