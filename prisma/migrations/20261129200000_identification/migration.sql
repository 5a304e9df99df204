-- Identification of ШНОР and ШНСУ (issue #12): imported results, ВПР items and social rows, one row
-- per school-year and kind with the rows as compact JSON (a re-import replaces the school-year);
-- official lists from above with their schools; the district's methodology versions (immutable) and
-- the runs, each with its methodology version and whole output; the curator flags a district sets;
-- files sent to the bot awaiting «Загрузить». The queue gets the Mini App start parameter of a
-- message's "open the app" button.

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN     "appStart" TEXT;

-- CreateTable
CREATE TABLE "IdentificationData" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "rows" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdentificationData_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficialList" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "documentNumber" TEXT NOT NULL,
    "documentDate" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfficialList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficialListSchool" (
    "listId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "OfficialListSchool_pkey" PRIMARY KEY ("listId","schoolId")
);

-- CreateTable
CREATE TABLE "IdentificationMethodology" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "IdentificationMethodology_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdentificationRun" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "methodologyId" TEXT NOT NULL,
    "methodologyVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "summary" JSONB NOT NULL,
    "output" TEXT NOT NULL,

    CONSTRAINT "IdentificationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolCuratorFlags" (
    "schoolId" TEXT NOT NULL,
    "innovationPlatform" BOOLEAN,
    "headCompetence" BOOLEAN,
    "headMotivation" BOOLEAN,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SchoolCuratorFlags_pkey" PRIMARY KEY ("schoolId")
);

-- CreateTable
CREATE TABLE "PendingUpload" (
    "id" TEXT NOT NULL,
    "districtId" TEXT NOT NULL,
    "personId" TEXT,
    "fileName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "official" JSONB,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IdentificationData_districtId_year_idx" ON "IdentificationData"("districtId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "IdentificationData_schoolId_year_kind_key" ON "IdentificationData"("schoolId", "year", "kind");

-- CreateIndex
CREATE INDEX "OfficialList_districtId_year_idx" ON "OfficialList"("districtId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "OfficialList_districtId_kind_year_source_documentNumber_key" ON "OfficialList"("districtId", "kind", "year", "source", "documentNumber");

-- CreateIndex
CREATE INDEX "OfficialListSchool_schoolId_idx" ON "OfficialListSchool"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "IdentificationMethodology_districtId_version_key" ON "IdentificationMethodology"("districtId", "version");

-- CreateIndex
CREATE INDEX "IdentificationRun_districtId_year_createdAt_idx" ON "IdentificationRun"("districtId", "year", "createdAt");

-- CreateIndex
CREATE INDEX "PendingUpload_expiresAt_idx" ON "PendingUpload"("expiresAt");

-- AddForeignKey
ALTER TABLE "IdentificationData" ADD CONSTRAINT "IdentificationData_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentificationData" ADD CONSTRAINT "IdentificationData_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfficialList" ADD CONSTRAINT "OfficialList_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfficialListSchool" ADD CONSTRAINT "OfficialListSchool_listId_fkey" FOREIGN KEY ("listId") REFERENCES "OfficialList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfficialListSchool" ADD CONSTRAINT "OfficialListSchool_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentificationMethodology" ADD CONSTRAINT "IdentificationMethodology_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentificationRun" ADD CONSTRAINT "IdentificationRun_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentificationRun" ADD CONSTRAINT "IdentificationRun_methodologyId_fkey" FOREIGN KEY ("methodologyId") REFERENCES "IdentificationMethodology"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolCuratorFlags" ADD CONSTRAINT "SchoolCuratorFlags_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingUpload" ADD CONSTRAINT "PendingUpload_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingUpload" ADD CONSTRAINT "PendingUpload_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

