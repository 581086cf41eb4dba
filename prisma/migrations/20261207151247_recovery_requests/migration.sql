-- CreateEnum
CREATE TYPE "RecoveryKind" AS ENUM ('email', 'two_factor');

-- CreateEnum
CREATE TYPE "RecoveryStatus" AS ENUM ('unconfirmed', 'waiting', 'applied', 'cancelled', 'refused', 'replaced');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TokenPurpose" ADD VALUE 'recovery_request';
ALTER TYPE "TokenPurpose" ADD VALUE 'recovery_cancel';

-- CreateTable
CREATE TABLE "recovery_requests" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "RecoveryKind" NOT NULL DEFAULT 'email',
    "status" "RecoveryStatus" NOT NULL DEFAULT 'unconfirmed',
    "new_email" TEXT,
    "password_proven" BOOLEAN NOT NULL,
    "known_browser" BOOLEAN NOT NULL,
    "passkey" BOOLEAN NOT NULL,
    "ip_seen" BOOLEAN NOT NULL,
    "needs_approval" BOOLEAN NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "confirmed_at" TIMESTAMP(3),
    "due_at" TIMESTAMP(3),
    "approved_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "recovery_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recovery_requests_user_id_status_idx" ON "recovery_requests"("user_id", "status");

-- CreateIndex
CREATE INDEX "recovery_requests_status_due_at_idx" ON "recovery_requests"("status", "due_at");

-- AddForeignKey
ALTER TABLE "recovery_requests" ADD CONSTRAINT "recovery_requests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

