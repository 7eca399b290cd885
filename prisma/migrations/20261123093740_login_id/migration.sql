-- AlterTable
ALTER TABLE "user" ADD COLUMN     "login_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "user_login_id_key" ON "user"("login_id");
