-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "origin" TEXT;

-- AlterTable
ALTER TABLE "RouteItem" ADD COLUMN     "libraryItemId" TEXT;

-- AlterTable
ALTER TABLE "Recommendation" ADD COLUMN     "libraryItemId" TEXT;

-- AlterTable
ALTER TABLE "RoadmapEvent" ADD COLUMN     "atRiskCategory" TEXT;

-- AlterTable
ALTER TABLE "ManagementDecision" ADD COLUMN     "meetingId" TEXT;

-- AlterTable
ALTER TABLE "EffectivenessReport" ADD COLUMN     "meetingId" TEXT;

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsOn" TIMESTAMP(3) NOT NULL,
    "endsOn" TIMESTAMP(3),
    "plannedVisits" INTEGER NOT NULL DEFAULT 3,
    "membershipId" TEXT,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolPair" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "supportedSchoolId" TEXT NOT NULL,
    "curatorSchoolId" TEXT NOT NULL,
    "startsOn" TIMESTAMP(3) NOT NULL,
    "endsOn" TIMESTAMP(3),
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "SchoolPair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "authorId" TEXT,
    "assignmentId" TEXT,
    "instrumentId" TEXT NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "cursor" TEXT,
    "visitDate" TIMESTAMP(3),
    "format" TEXT,
    "fileKey" TEXT,
    "fileName" TEXT,
    "fileMime" TEXT,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "submittedAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "confirmedById" TEXT,
    "disputeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeminarRequest" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT,
    "personId" TEXT NOT NULL,
    "areas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "topic" TEXT NOT NULL,
    "text" TEXT,
    "state" TEXT NOT NULL DEFAULT 'new',
    "eventId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeminarRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeminarProgramme" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeminarProgramme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkEvent" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "programmeId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "areas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "place" TEXT,
    "onlineUrl" TEXT,
    "audience" JSONB,
    "capacity" INTEGER,
    "materials" JSONB NOT NULL DEFAULT '[]',
    "announcedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NetworkEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventRegistration" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),
    "attended" BOOLEAN,
    "markedAt" TIMESTAMP(3),

    CONSTRAINT "EventRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LibraryItem" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "docNumber" TEXT,
    "docDate" TIMESTAMP(3),
    "url" TEXT,
    "fileKey" TEXT,
    "fileName" TEXT,
    "fileMime" TEXT,
    "areas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "riskFactors" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "LibraryItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Programme" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "passport" JSONB NOT NULL,
    "indicators" JSONB NOT NULL DEFAULT '[]',
    "fileKey" TEXT,
    "fileName" TEXT,
    "fileMime" TEXT,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMP(3),
    "approvedAt" TIMESTAMP(3),
    "approvalRef" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeReview" (
    "id" TEXT NOT NULL,
    "programmeId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "scores" JSONB,
    "comment" TEXT,
    "verdict" TEXT,
    "submittedAt" TIMESTAMP(3),
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgrammeReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeMonitoring" (
    "id" TEXT NOT NULL,
    "programmeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "conclusion" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgrammeMonitoring_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeLogEntry" (
    "id" TEXT NOT NULL,
    "programmeId" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "note" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgrammeLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkingGroupMeeting" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "workingGroupId" TEXT NOT NULL,
    "number" TEXT,
    "heldOn" TIMESTAMP(3) NOT NULL,
    "place" TEXT,
    "agenda" JSONB NOT NULL DEFAULT '[]',
    "minutes" JSONB,
    "state" TEXT NOT NULL DEFAULT 'planned',
    "attendees" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkingGroupMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AtRiskCount" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "note" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AtRiskCount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReserveCandidate" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT,
    "fullName" TEXT NOT NULL,
    "currentPosition" TEXT NOT NULL,
    "targetPosition" TEXT NOT NULL,
    "training" JSONB NOT NULL DEFAULT '[]',
    "note" TEXT,
    "addedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "ReserveCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Assignment_districtId_kind_idx" ON "Assignment"("districtId", "kind");

-- CreateIndex
CREATE INDEX "Assignment_personId_idx" ON "Assignment"("personId");

-- CreateIndex
CREATE INDEX "Assignment_schoolId_idx" ON "Assignment"("schoolId");

-- CreateIndex
CREATE INDEX "SchoolPair_districtId_idx" ON "SchoolPair"("districtId");

-- CreateIndex
CREATE INDEX "SchoolPair_supportedSchoolId_idx" ON "SchoolPair"("supportedSchoolId");

-- CreateIndex
CREATE INDEX "SchoolPair_curatorSchoolId_idx" ON "SchoolPair"("curatorSchoolId");

-- CreateIndex
CREATE INDEX "Visit_districtId_state_idx" ON "Visit"("districtId", "state");

-- CreateIndex
CREATE INDEX "Visit_schoolId_idx" ON "Visit"("schoolId");

-- CreateIndex
CREATE INDEX "Visit_authorId_state_idx" ON "Visit"("authorId", "state");

-- CreateIndex
CREATE INDEX "SeminarRequest_districtId_state_idx" ON "SeminarRequest"("districtId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "SeminarProgramme_districtId_period_key" ON "SeminarProgramme"("districtId", "period");

-- CreateIndex
CREATE INDEX "NetworkEvent_districtId_startsAt_idx" ON "NetworkEvent"("districtId", "startsAt");

-- CreateIndex
CREATE INDEX "EventRegistration_personId_idx" ON "EventRegistration"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "EventRegistration_eventId_personId_key" ON "EventRegistration"("eventId", "personId");

-- CreateIndex
CREATE INDEX "LibraryItem_districtId_createdAt_idx" ON "LibraryItem"("districtId", "createdAt");

-- CreateIndex
CREATE INDEX "Programme_districtId_state_idx" ON "Programme"("districtId", "state");

-- CreateIndex
CREATE INDEX "Programme_schoolId_idx" ON "Programme"("schoolId");

-- CreateIndex
CREATE INDEX "ProgrammeReview_reviewerId_idx" ON "ProgrammeReview"("reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "ProgrammeReview_programmeId_reviewerId_version_key" ON "ProgrammeReview"("programmeId", "reviewerId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ProgrammeMonitoring_programmeId_kind_period_key" ON "ProgrammeMonitoring"("programmeId", "kind", "period");

-- CreateIndex
CREATE INDEX "ProgrammeLogEntry_programmeId_at_idx" ON "ProgrammeLogEntry"("programmeId", "at");

-- CreateIndex
CREATE INDEX "WorkingGroupMeeting_districtId_heldOn_idx" ON "WorkingGroupMeeting"("districtId", "heldOn");

-- CreateIndex
CREATE INDEX "AtRiskCount_districtId_schoolYear_idx" ON "AtRiskCount"("districtId", "schoolYear");

-- CreateIndex
CREATE UNIQUE INDEX "AtRiskCount_schoolId_schoolYear_category_key" ON "AtRiskCount"("schoolId", "schoolYear", "category");

-- CreateIndex
CREATE INDEX "ReserveCandidate_districtId_idx" ON "ReserveCandidate"("districtId");

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolPair" ADD CONSTRAINT "SchoolPair_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolPair" ADD CONSTRAINT "SchoolPair_supportedSchoolId_fkey" FOREIGN KEY ("supportedSchoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolPair" ADD CONSTRAINT "SchoolPair_curatorSchoolId_fkey" FOREIGN KEY ("curatorSchoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeminarRequest" ADD CONSTRAINT "SeminarRequest_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeminarRequest" ADD CONSTRAINT "SeminarRequest_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeminarRequest" ADD CONSTRAINT "SeminarRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeminarRequest" ADD CONSTRAINT "SeminarRequest_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "NetworkEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeminarProgramme" ADD CONSTRAINT "SeminarProgramme_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkEvent" ADD CONSTRAINT "NetworkEvent_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkEvent" ADD CONSTRAINT "NetworkEvent_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "SeminarProgramme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "NetworkEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventRegistration" ADD CONSTRAINT "EventRegistration_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LibraryItem" ADD CONSTRAINT "LibraryItem_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeReview" ADD CONSTRAINT "ProgrammeReview_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeReview" ADD CONSTRAINT "ProgrammeReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeMonitoring" ADD CONSTRAINT "ProgrammeMonitoring_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgrammeLogEntry" ADD CONSTRAINT "ProgrammeLogEntry_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkingGroupMeeting" ADD CONSTRAINT "WorkingGroupMeeting_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkingGroupMeeting" ADD CONSTRAINT "WorkingGroupMeeting_workingGroupId_fkey" FOREIGN KEY ("workingGroupId") REFERENCES "WorkingGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AtRiskCount" ADD CONSTRAINT "AtRiskCount_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AtRiskCount" ADD CONSTRAINT "AtRiskCount_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReserveCandidate" ADD CONSTRAINT "ReserveCandidate_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReserveCandidate" ADD CONSTRAINT "ReserveCandidate_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;

