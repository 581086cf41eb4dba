-- CreateEnum
CREATE TYPE "ContactStatus" AS ENUM ('open', 'handled');

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "support_seen_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "security_events" ADD COLUMN     "actor_id" UUID,
ADD COLUMN     "reason" TEXT;

-- AlterTable
ALTER TABLE "contact_requests" ADD COLUMN     "handled_at" TIMESTAMP(3),
ADD COLUMN     "handled_by" UUID,
ADD COLUMN     "status" "ContactStatus" NOT NULL DEFAULT 'open';

