// #10: PGlite's shared buffer pool. PGlite 0.3 passes `shared_buffers=128MB` to Postgres from inside
// pglite.wasm, and all of it becomes resident at start; prisma/pglite-wasm.ts starts it with less.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../prisma/db.ts";
import { pgliteWasmFile, withSharedBuffers } from "../../prisma/pglite-wasm.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { onPostgres, pgliteTemplate } from "../support/db.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("the shared_buffers argument inside pglite.wasm", () => {
  const shipped = new Uint8Array(fs.readFileSync(pgliteWasmFile()));
  const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  it("is there exactly once in the pinned PGlite, so the patch applies", () => {
    const at = text(shipped).indexOf("shared_buffers=128MB\0");
    expect(at).toBeGreaterThan(0);
    expect(text(shipped).indexOf("shared_buffers=128MB\0", at + 1)).toBe(-1);
  });

  it("is overwritten in place: same length, NUL-padded, nothing else changed", () => {
    const patched = withSharedBuffers(shipped, 16)!;
    expect(patched.byteLength).toBe(shipped.byteLength);
    const at = text(shipped).indexOf("shared_buffers=128MB\0");
    expect(text(patched).subarray(at, at + 21).toString("latin1")).toBe("shared_buffers=16MB\0\0");
    let differing = 0;
    for (let i = 0; i < shipped.byteLength; i++) if (patched[i] !== shipped[i]) differing++;
    expect(differing).toBeLessThanOrEqual(5);
    expect(text(shipped).indexOf("shared_buffers=128MB\0")).toBe(at); // the shipped bytes are left alone
  });

  it("is not patched when it is missing or ambiguous, and refuses sizes outside 8…128 MB", () => {
    expect(withSharedBuffers(new TextEncoder().encode("no such argument"), 16)).toBeUndefined();
    const twice = new TextEncoder().encode("shared_buffers=128MB\0…shared_buffers=128MB\0");
    expect(withSharedBuffers(twice, 16)).toBeUndefined();
    expect(() => withSharedBuffers(shipped, 4)).toThrow(RangeError);
    expect(() => withSharedBuffers(shipped, 256)).toThrow(RangeError);
    expect(() => withSharedBuffers(shipped, 12.5)).toThrow(RangeError);
  });
});

describe.skipIf(onPostgres())("the embedded database", () => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it("runs with 16 MB of shared buffers by default and works", async () => {
    db = await openDatabase({ loadDataDir: pgliteTemplate() });
    expect(await db.query("SHOW shared_buffers")).toEqual([{ shared_buffers: "16MB" }]);
    expect(db.sharedBuffersNotice).toBeUndefined();
    expect(await db.prisma.district.count()).toBe(0);
  });

  it("takes the size from PGLITE_SHARED_BUFFERS_MB", async () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN, PGLITE_SHARED_BUFFERS_MB: "32" });
    db = await openDatabase({ loadDataDir: pgliteTemplate(), sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB });
    expect(await db.query("SHOW shared_buffers")).toEqual([{ shared_buffers: "32MB" }]);
  });
});

describe("PGLITE_SHARED_BUFFERS_MB", () => {
  it("defaults to 16 and explains a wrong value in Russian", () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN }).PGLITE_SHARED_BUFFERS_MB).toBe(16);
    for (const [value, message] of [
      ["4", "не меньше 8"],
      ["512", "не больше 128"],
      ["много", "должен быть числом мегабайт"],
    ]) {
      let error: unknown;
      try {
        loadConfig({ BOT_TOKEN: TOKEN, PGLITE_SHARED_BUFFERS_MB: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`PGLITE_SHARED_BUFFERS_MB ${message}`);
    }
  });
});
