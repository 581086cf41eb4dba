-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'recovery_address';

-- CreateTable
CREATE TABLE "recovery_addresses" (
    "user_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "confirmed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_addresses_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "recovery_addresses_email_key" ON "recovery_addresses"("email");

-- AddForeignKey
ALTER TABLE "recovery_addresses" ADD CONSTRAINT "recovery_addresses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

