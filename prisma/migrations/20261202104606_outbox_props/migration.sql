-- Emails are kept as their template's props and rendered when sent; the
-- rendered content of emails queued before stays until they are final.
-- AlterTable
ALTER TABLE "outbox_emails" ADD COLUMN "props" JSONB,
ALTER COLUMN "html" DROP NOT NULL,
ALTER COLUMN "text" DROP NOT NULL;

-- An email already sent or given up on keeps no usable link.
UPDATE "outbox_emails" SET "html" = NULL, "text" = NULL WHERE "status" IN ('sent', 'failed');
