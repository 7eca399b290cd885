-- CreateTable
CREATE TABLE "product" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_pool" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "seats" INTEGER NOT NULL,

    CONSTRAINT "license_pool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_assignment" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "license_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "product_key_key" ON "product"("key");

-- CreateIndex
CREATE UNIQUE INDEX "license_pool_organization_id_product_id_key" ON "license_pool"("organization_id", "product_id");

-- CreateIndex
CREATE INDEX "license_assignment_product_id_idx" ON "license_assignment"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "license_assignment_user_id_product_id_key" ON "license_assignment"("user_id", "product_id");

-- AddForeignKey
ALTER TABLE "license_pool" ADD CONSTRAINT "license_pool_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_pool" ADD CONSTRAINT "license_pool_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_assignment" ADD CONSTRAINT "license_assignment_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_assignment" ADD CONSTRAINT "license_assignment_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
