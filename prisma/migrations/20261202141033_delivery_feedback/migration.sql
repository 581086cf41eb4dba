-- Delivery feedback (SPEC §5): what the recipient's side did with each email,
-- the provider events already applied, and the suppression list.
-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('queued', 'sent', 'delivered', 'delayed', 'bounced', 'complained', 'suppressed', 'failed');

-- AlterTable
ALTER TABLE "outbox_emails" ADD COLUMN     "bounce_reason" TEXT,
ADD COLUMN     "bounce_type" TEXT,
ADD COLUMN     "delivery" "DeliveryState" NOT NULL DEFAULT 'queued',
ADD COLUMN     "delivery_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "email_events" (
    "id" TEXT NOT NULL,
    "email_id" UUID,
    "type" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suppressed_addresses" (
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppressed_addresses_pkey" PRIMARY KEY ("email")
);

-- CreateIndex
CREATE INDEX "email_events_received_at_idx" ON "email_events"("received_at");

-- CreateIndex
CREATE INDEX "outbox_emails_provider_id_idx" ON "outbox_emails"("provider_id");


-- Emails sent or given up on before this migration: their last known state.
UPDATE "outbox_emails" SET "delivery" = 'sent', "delivery_at" = "sent_at" WHERE "status" = 'sent';
UPDATE "outbox_emails" SET "delivery" = 'failed' WHERE "status" = 'failed';
