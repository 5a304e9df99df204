-- DropIndex
DROP INDEX "Instrument_key_version_key";

-- AlterTable
ALTER TABLE "Instrument" ADD COLUMN     "scope" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "Instrument_key_scope_version_key" ON "Instrument"("key", "scope", "version");


-- Versions loaded before they had an owner were all shared. Only version 1 is built in; on an
-- installation with one district, a later version can only be that district's own edit.
UPDATE "Instrument" SET "scope" = (SELECT "id" FROM "District")
WHERE "version" > 1 AND (SELECT count(*) FROM "District") = 1;
