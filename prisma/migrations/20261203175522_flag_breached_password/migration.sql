-- AlterTable
ALTER TABLE "users" ADD COLUMN     "password_breached_at" TIMESTAMP(3);

