// The #14 context for tests: the real repositories over the test database, files in a fresh folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { managementContext } from "../../prisma/management.ts";
import { diskFileStore } from "../../files/store.ts";
import type { Database } from "../../prisma/db.ts";

export function testManagement(db: Database, filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-files-"))) {
  return managementContext(db.prisma, diskFileStore(filesDir));
}
