-- CreateTable
CREATE TABLE "ResponseSchool" (
    "responseId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,

    CONSTRAINT "ResponseSchool_pkey" PRIMARY KEY ("responseId","schoolId")
);

-- CreateTable
CREATE TABLE "AggregateRelease" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "respondents" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,
    "releasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AggregateRelease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResponseSchool_schoolId_idx" ON "ResponseSchool"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "AggregateRelease_campaignId_scopeKey_seq_key" ON "AggregateRelease"("campaignId", "scopeKey", "seq");

-- AddForeignKey
ALTER TABLE "ResponseSchool" ADD CONSTRAINT "ResponseSchool_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseSchool" ADD CONSTRAINT "ResponseSchool_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AggregateRelease" ADD CONSTRAINT "AggregateRelease_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A response counts for the schools its author taught in (in the campaign's district) at the moment
-- it completed. A trigger, so that every path that completes a response records it in the same
-- statement; later moves and deactivations leave it alone.
CREATE FUNCTION "record_response_schools"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."completedAt" IS NOT NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO "ResponseSchool" ("responseId", "schoolId")
  SELECT DISTINCT NEW."id", m."schoolId"
  FROM "Membership" m
  JOIN "Campaign" c ON c."id" = NEW."campaignId" AND c."districtId" = m."districtId"
  WHERE m."personId" = NEW."personId" AND m."role" = 'teacher' AND m."active" AND m."schoolId" IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Response_record_schools"
AFTER INSERT OR UPDATE OF "completedAt" ON "Response"
FOR EACH ROW WHEN (NEW."completedAt" IS NOT NULL)
EXECUTE FUNCTION "record_response_schools"();

-- Responses completed before this migration: the schools their authors teach in now.
INSERT INTO "ResponseSchool" ("responseId", "schoolId")
SELECT DISTINCT r."id", m."schoolId"
FROM "Response" r
JOIN "Campaign" c ON c."id" = r."campaignId"
JOIN "Membership" m ON m."personId" = r."personId" AND m."districtId" = c."districtId"
WHERE r."completedAt" IS NOT NULL AND m."role" = 'teacher' AND m."active" AND m."schoolId" IS NOT NULL
ON CONFLICT DO NOTHING;
