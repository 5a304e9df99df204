-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN     "broadcastId" TEXT,
ADD COLUMN     "fileKey" TEXT,
ADD COLUMN     "fileMime" TEXT,
ADD COLUMN     "fileName" TEXT;

-- CreateTable
CREATE TABLE "RecommendationRuleSet" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "note" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationRuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT,
    "addressee" TEXT NOT NULL,
    "curatorSchoolId" TEXT,
    "form" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "basis" JSONB,
    "ruleKey" TEXT,
    "ruleSetVersion" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'proposed',
    "dueOn" TIMESTAMP(3),
    "issuedById" TEXT,
    "sentAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" TEXT,
    "doneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Roadmap" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT,
    "scopeKey" TEXT NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "templateKey" TEXT,
    "approvalRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Roadmap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoadmapEvent" (
    "id" TEXT NOT NULL,
    "roadmapId" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "dueOn" TIMESTAMP(3) NOT NULL,
    "indicator" TEXT,
    "resultDocument" TEXT,
    "executorsText" TEXT,
    "state" TEXT NOT NULL DEFAULT 'planned',
    "recommendationId" TEXT,
    "doneAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "helpRequestedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoadmapEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoadmapExecutor" (
    "eventId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "RoadmapExecutor_pkey" PRIMARY KEY ("eventId","personId")
);

-- CreateTable
CREATE TABLE "EventEvidence" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "url" TEXT,
    "fileKey" TEXT,
    "fileName" TEXT,
    "mimeType" TEXT,
    "size" INTEGER,
    "addedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventLogEntry" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "personId" TEXT,
    "action" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ManagementDecision" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT,
    "kind" TEXT NOT NULL,
    "docType" TEXT NOT NULL,
    "docNumber" TEXT NOT NULL,
    "docDate" TIMESTAMP(3) NOT NULL,
    "title" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "horizon" TEXT NOT NULL,
    "risks" JSONB NOT NULL,
    "resources" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManagementDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionRecommendation" (
    "decisionId" TEXT NOT NULL,
    "recommendationId" TEXT NOT NULL,

    CONSTRAINT "DecisionRecommendation_pkey" PRIMARY KEY ("decisionId","recommendationId")
);

-- CreateTable
CREATE TABLE "CalendarEntry" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "key" TEXT,
    "title" TEXT NOT NULL,
    "startsOn" TIMESTAMP(3),
    "dueOn" TIMESTAMP(3) NOT NULL,
    "responsibleRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "responsibleIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "remindDaysBefore" INTEGER NOT NULL DEFAULT 3,
    "doneAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "link" TEXT,
    "fileKey" TEXT,
    "fileName" TEXT,
    "fileMime" TEXT,
    "target" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queuedAt" TIMESTAMP(3),

    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkingGroup" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "orderRef" TEXT NOT NULL,
    "orderDate" TIMESTAMP(3) NOT NULL,
    "members" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkingGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EffectivenessReport" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "content" JSONB NOT NULL,
    "conclusions" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "approvedAt" TIMESTAMP(3),
    "approvalRef" TEXT,
    "workingGroupId" TEXT,

    CONSTRAINT "EffectivenessReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationRuleSet_districtId_version_key" ON "RecommendationRuleSet"("districtId", "version");

-- CreateIndex
CREATE INDEX "Recommendation_districtId_state_idx" ON "Recommendation"("districtId", "state");

-- CreateIndex
CREATE INDEX "Recommendation_schoolId_idx" ON "Recommendation"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "Roadmap_districtId_scopeKey_schoolYear_key" ON "Roadmap"("districtId", "scopeKey", "schoolYear");

-- CreateIndex
CREATE INDEX "RoadmapEvent_roadmapId_position_idx" ON "RoadmapEvent"("roadmapId", "position");

-- CreateIndex
CREATE INDEX "RoadmapEvent_state_dueOn_idx" ON "RoadmapEvent"("state", "dueOn");

-- CreateIndex
CREATE INDEX "RoadmapExecutor_personId_idx" ON "RoadmapExecutor"("personId");

-- CreateIndex
CREATE INDEX "EventEvidence_eventId_idx" ON "EventEvidence"("eventId");

-- CreateIndex
CREATE INDEX "EventLogEntry_eventId_createdAt_idx" ON "EventLogEntry"("eventId", "createdAt");

-- CreateIndex
CREATE INDEX "ManagementDecision_districtId_docDate_idx" ON "ManagementDecision"("districtId", "docDate");

-- CreateIndex
CREATE INDEX "CalendarEntry_districtId_dueOn_idx" ON "CalendarEntry"("districtId", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarEntry_districtId_schoolYear_key_key" ON "CalendarEntry"("districtId", "schoolYear", "key");

-- CreateIndex
CREATE INDEX "Broadcast_districtId_createdAt_idx" ON "Broadcast"("districtId", "createdAt");

-- CreateIndex
CREATE INDEX "WorkingGroup_districtId_orderDate_idx" ON "WorkingGroup"("districtId", "orderDate");

-- CreateIndex
CREATE UNIQUE INDEX "EffectivenessReport_districtId_kind_period_key" ON "EffectivenessReport"("districtId", "kind", "period");

-- CreateIndex
CREATE INDEX "Outbox_broadcastId_state_idx" ON "Outbox"("broadcastId", "state");

-- AddForeignKey
ALTER TABLE "RecommendationRuleSet" ADD CONSTRAINT "RecommendationRuleSet_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Roadmap" ADD CONSTRAINT "Roadmap_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Roadmap" ADD CONSTRAINT "Roadmap_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapEvent" ADD CONSTRAINT "RoadmapEvent_roadmapId_fkey" FOREIGN KEY ("roadmapId") REFERENCES "Roadmap"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapEvent" ADD CONSTRAINT "RoadmapEvent_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapExecutor" ADD CONSTRAINT "RoadmapExecutor_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "RoadmapEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoadmapExecutor" ADD CONSTRAINT "RoadmapExecutor_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventEvidence" ADD CONSTRAINT "EventEvidence_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "RoadmapEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventLogEntry" ADD CONSTRAINT "EventLogEntry_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "RoadmapEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManagementDecision" ADD CONSTRAINT "ManagementDecision_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionRecommendation" ADD CONSTRAINT "DecisionRecommendation_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "ManagementDecision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionRecommendation" ADD CONSTRAINT "DecisionRecommendation_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarEntry" ADD CONSTRAINT "CalendarEntry_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkingGroup" ADD CONSTRAINT "WorkingGroup_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EffectivenessReport" ADD CONSTRAINT "EffectivenessReport_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

