-- AlterTable
ALTER TABLE "Account" ADD COLUMN "blockedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "claimToken" TEXT,
ADD COLUMN "leaseUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN "doneAt" TIMESTAMP(3),
ADD COLUMN "leaseUntil" TIMESTAMP(3);

-- A slot with a result finished; one without (claimed, then the process died) runs again.
UPDATE "JobRun" SET "doneAt" = "ranAt" WHERE "result" IS NOT NULL;

-- CreateTable
CREATE TABLE "ChannelThrottle" (
    "channel" TEXT NOT NULL,
    "nextSendAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pausedUntil" TIMESTAMP(3),
    "pauseReason" TEXT,

    CONSTRAINT "ChannelThrottle_pkey" PRIMARY KEY ("channel")
);
