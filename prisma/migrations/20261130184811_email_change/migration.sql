-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'email_change';

-- AlterTable
ALTER TABLE "tokens" ADD COLUMN     "new_email" TEXT;

