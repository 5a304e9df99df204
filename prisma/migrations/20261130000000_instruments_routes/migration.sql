-- Instruments, anonymous respondents, the risk profile and routes (issue #13): answers of every
-- question type (kind + the column it names; old rows are kind int), responses without a person
-- (a class code or an imported baseline), campaign audiences, reminder cadence and closing; class
-- codes (hash only) and school links; the district's risk settings (versioned) and yearly profiles;
-- the course catalog, routes (ИОМ) and teacher attributes; saved mappings for baseline imports.

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "audience" JSONB,
ADD COLUMN     "baseline" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "remindEveryDays" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "classCodeId" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'chat',
ALTER COLUMN "personId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "ints" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'int',
ADD COLUMN     "num" DOUBLE PRECISION,
ADD COLUMN     "text" TEXT,
ALTER COLUMN "value" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ClassCode" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "classLabel" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyLink" (
    "token" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyLink_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "AnonymousSession" (
    "accountKey" TEXT NOT NULL,
    "classCodeId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnonymousSession_pkey" PRIMARY KEY ("accountKey")
);

-- CreateTable
CREATE TABLE "RiskSettingsVersion" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskSettingsVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskProfileSnapshot" (
    "id" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "settingsVersion" INTEGER NOT NULL,
    "input" JSONB NOT NULL,
    "profile" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskProfileSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "hours" INTEGER,
    "areas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "startsOn" TIMESTAMP(3),
    "endsOn" TIMESTAMP(3),
    "url" TEXT,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearningRoute" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "personId" TEXT,
    "schoolId" TEXT,
    "year" INTEGER NOT NULL,
    "basedOnResponseId" TEXT,
    "approvedAt" TIMESTAMP(3),
    "approvalRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LearningRoute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RouteItem" (
    "id" TEXT NOT NULL,
    "routeId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "courseId" TEXT,
    "title" TEXT NOT NULL,
    "areaId" TEXT,
    "note" TEXT,
    "doneAt" TIMESTAMP(3),
    "certificateUrl" TEXT,
    "certificateName" TEXT,
    "certificate" BYTEA,

    CONSTRAINT "RouteItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeacherAttributes" (
    "personId" TEXT NOT NULL,
    "serviceYears" INTEGER,
    "category" TEXT,
    "young" BOOLEAN,
    "newlyArrived" BOOLEAN,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeacherAttributes_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "ResponseMapping" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "instrumentKey" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ResponseMapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClassCode_codeHash_key" ON "ClassCode"("codeHash");

-- CreateIndex
CREATE INDEX "ClassCode_campaignId_schoolId_idx" ON "ClassCode"("campaignId", "schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyLink_campaignId_schoolId_audience_key" ON "SurveyLink"("campaignId", "schoolId", "audience");

-- CreateIndex
CREATE UNIQUE INDEX "AnonymousSession_classCodeId_key" ON "AnonymousSession"("classCodeId");

-- CreateIndex
CREATE UNIQUE INDEX "RiskSettingsVersion_districtId_version_key" ON "RiskSettingsVersion"("districtId", "version");

-- CreateIndex
CREATE INDEX "RiskProfileSnapshot_districtId_year_idx" ON "RiskProfileSnapshot"("districtId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "RiskProfileSnapshot_schoolId_year_key" ON "RiskProfileSnapshot"("schoolId", "year");

-- CreateIndex
CREATE INDEX "Course_districtId_idx" ON "Course"("districtId");

-- CreateIndex
CREATE INDEX "LearningRoute_personId_idx" ON "LearningRoute"("personId");

-- CreateIndex
CREATE INDEX "LearningRoute_schoolId_idx" ON "LearningRoute"("schoolId");

-- CreateIndex
CREATE INDEX "LearningRoute_districtId_year_idx" ON "LearningRoute"("districtId", "year");

-- CreateIndex
CREATE INDEX "RouteItem_routeId_idx" ON "RouteItem"("routeId");

-- CreateIndex
CREATE UNIQUE INDEX "ResponseMapping_districtId_instrumentKey_key" ON "ResponseMapping"("districtId", "instrumentKey");

-- CreateIndex
CREATE UNIQUE INDEX "Response_classCodeId_key" ON "Response"("classCodeId");

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_classCodeId_fkey" FOREIGN KEY ("classCodeId") REFERENCES "ClassCode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassCode" ADD CONSTRAINT "ClassCode_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassCode" ADD CONSTRAINT "ClassCode_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskSettingsVersion" ADD CONSTRAINT "RiskSettingsVersion_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskProfileSnapshot" ADD CONSTRAINT "RiskProfileSnapshot_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningRoute" ADD CONSTRAINT "LearningRoute_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningRoute" ADD CONSTRAINT "LearningRoute_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RouteItem" ADD CONSTRAINT "RouteItem_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "LearningRoute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RouteItem" ADD CONSTRAINT "RouteItem_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeacherAttributes" ADD CONSTRAINT "TeacherAttributes_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseMapping" ADD CONSTRAINT "ResponseMapping_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

