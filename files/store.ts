// The file store (core/services/file-store-ports.ts): files under <DATA_DIR>/files. Keys are made by
// the product ("evidence/<cuid>"), checked here so that none can leave the folder.
import fs from "node:fs/promises";
import path from "node:path";
import type { FileStore } from "../core/services/file-store-ports.ts";

const KEY = /^[a-z][a-z0-9-]{0,30}\/[A-Za-z0-9_-]{1,80}$/;

function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`file store: bad key ${JSON.stringify(key)}`);
  return key;
}

export function diskFileStore(root: string): FileStore {
  const where = (key: string) => path.join(root, ...checkedKey(key).split("/"));
  return {
    kind: "disk",
    async put(key, content) {
      const file = where(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Written beside and renamed: a crash never leaves half a file under the key.
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, content);
      await fs.rename(temporary, file);
    },
    async get(key) {
      try {
        return new Uint8Array(await fs.readFile(where(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(where(key), { force: true });
    },
  };
}

/** An S3-compatible store (files/s3-store.ts), chosen by the server when S3_* are set. */
export { s3FileStore } from "./s3-store.ts";
