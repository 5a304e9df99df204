-- AlterTable
ALTER TABLE "District" ADD COLUMN     "operatorName" TEXT,
ADD COLUMN     "operatorAddress" TEXT,
ADD COLUMN     "consentPurpose" TEXT,
ADD COLUMN     "consentData" TEXT,
ADD COLUMN     "consentActions" TEXT,
ADD COLUMN     "consentTerm" TEXT,
ADD COLUMN     "consentWithdrawal" TEXT,
ADD COLUMN     "operatorSetAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ActionClaim" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionClaim_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ActionClaim_createdAt_idx" ON "ActionClaim"("createdAt");
