-- AlterTable
ALTER TABLE "passkey_challenges" ADD COLUMN     "address_key" TEXT;

-- CreateIndex
CREATE INDEX "passkey_challenges_address_key_created_at_idx" ON "passkey_challenges"("address_key", "created_at");

