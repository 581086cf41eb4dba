-- Lock state moves from columns of users and known_devices to one row per
-- account and lock path (lib/auth/lockout.ts). Counters and locks in force
-- are carried over, so nobody is unlocked or locked by the upgrade.

-- CreateTable
CREATE TABLE "lock_paths" (
    "user_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lock_paths_pkey" PRIMARY KEY ("user_id","path")
);

-- AddForeignKey
ALTER TABLE "lock_paths" ADD CONSTRAINT "lock_paths_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Carry over the state in force
INSERT INTO "lock_paths" ("user_id", "path", "failed_attempts", "locked_at")
SELECT "id", 'account', "failed_attempts", "locked_at" FROM "users"
WHERE "failed_attempts" > 0 OR "locked_at" IS NOT NULL;

INSERT INTO "lock_paths" ("user_id", "path", "failed_attempts", "locked_at")
SELECT "user_id", 'device:' || "id", "failed_attempts", "locked_at" FROM "known_devices"
WHERE "failed_attempts" > 0 OR "locked_at" IS NOT NULL;

-- AlterTable
ALTER TABLE "users" DROP COLUMN "failed_attempts",
DROP COLUMN "locked_at";

-- AlterTable
ALTER TABLE "known_devices" DROP COLUMN "failed_attempts",
DROP COLUMN "locked_at";
