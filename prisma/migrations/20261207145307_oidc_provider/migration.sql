-- CreateTable
CREATE TABLE "oidc_records" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grant_id" TEXT,
    "uid" TEXT,
    "user_code" TEXT,
    "account_id" TEXT,
    "client_id" TEXT,
    "expires_at" TIMESTAMP(3),
    "consumed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oidc_records_pkey" PRIMARY KEY ("model","id")
);

-- CreateTable
CREATE TABLE "oidc_subjects" (
    "user_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oidc_subjects_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "oidc_records_grant_id_idx" ON "oidc_records"("grant_id");

-- CreateIndex
CREATE INDEX "oidc_records_model_uid_idx" ON "oidc_records"("model", "uid");

-- CreateIndex
CREATE INDEX "oidc_records_model_user_code_idx" ON "oidc_records"("model", "user_code");

-- CreateIndex
CREATE INDEX "oidc_records_account_id_model_idx" ON "oidc_records"("account_id", "model");

-- CreateIndex
CREATE INDEX "oidc_records_expires_at_idx" ON "oidc_records"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "oidc_subjects_subject_key" ON "oidc_subjects"("subject");

-- AddForeignKey
ALTER TABLE "oidc_subjects" ADD CONSTRAINT "oidc_subjects_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

