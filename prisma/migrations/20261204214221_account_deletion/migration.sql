-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'deletion_cancel';

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "deletion_due_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "security_events" ADD COLUMN     "pseudonym" UUID;

-- CreateIndex
CREATE INDEX "users_deletion_due_at_idx" ON "users"("deletion_due_at");

