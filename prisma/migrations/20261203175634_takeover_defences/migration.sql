-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'passkey_not_me';

-- AlterTable
ALTER TABLE "tokens" ADD COLUMN     "passkey_id" UUID;

-- CreateTable
CREATE TABLE "email_requests" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "email_requests_created_at_idx" ON "email_requests"("created_at");

