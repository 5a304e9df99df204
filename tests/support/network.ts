// The #15 context for tests: the real repositories over the test database, files in a fresh folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { networkContext } from "../../prisma/network.ts";
import { diskFileStore } from "../../files/store.ts";
import type { Database } from "../../prisma/db.ts";

export function testNetwork(db: Database, filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-files-"))) {
  return networkContext(db.prisma, diskFileStore(filesDir));
}
