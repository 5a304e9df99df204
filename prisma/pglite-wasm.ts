// PGlite's Postgres with a smaller shared buffer pool.
//
// PGlite 0.3 starts Postgres with `-c shared_buffers=128MB` compiled into pglite.wasm: ALTER SYSTEM and
// postgresql.conf are overridden by it, and PGlite has no option for it. Emscripten zero-fills the
// shared memory when Postgres maps it, so all 128 MB become resident at start, the largest part of an
// idle server's memory (bench/memory.ts). An embedded database of one district is a few tens of
// megabytes; its pages also stay in the operating system's file cache.
//
// So we compile pglite.wasm ourselves with that one argument changed and hand the module to PGlite
// (its documented `wasmModule` option). The argument is a C string of its own in the module's data;
// the new value is written over it and ends with a NUL, so no offset moves. If the string is not found
// exactly once (another PGlite build), PGlite starts as shipped and the caller is told why.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const SHIPPED = "shared_buffers=128MB";

export const SHARED_BUFFERS_MB = { min: 8, max: 128, default: 16 } as const;

/** The pglite.wasm of the installed PGlite (next to its module). */
export const pgliteWasmFile = () => path.join(path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite")), "pglite.wasm");

/** Writes `shared_buffers=<mb>MB` over the shipped argument; undefined when it is not there exactly once. */
export function withSharedBuffers(wasm: Uint8Array, megabytes: number): Uint8Array<ArrayBuffer> | undefined {
  if (!Number.isInteger(megabytes) || megabytes < SHARED_BUFFERS_MB.min || megabytes > SHARED_BUFFERS_MB.max) {
    throw new RangeError(`shared_buffers: ${megabytes} MB is outside ${SHARED_BUFFERS_MB.min}…${SHARED_BUFFERS_MB.max}`);
  }
  // The shipped string with its terminating NUL, so a longer string that starts the same is not matched.
  const needle = Buffer.from(`${SHIPPED}\0`);
  const source = Buffer.from(wasm.buffer, wasm.byteOffset, wasm.byteLength);
  const at = source.indexOf(needle);
  if (at < 0 || source.indexOf(needle, at + 1) >= 0) return undefined;
  const patched = new Uint8Array(wasm.byteLength);
  patched.set(wasm);
  // `${megabytes}MB` is at most "128MB", as long as the shipped value, so the rest is NUL padding.
  const view = Buffer.from(patched.buffer);
  view.fill(0, at, at + needle.length);
  view.write(`shared_buffers=${megabytes}MB`, at, "latin1");
  return patched;
}

/** The module to hand to PGlite; none: PGlite loads its own, and `reason` says why when 128 MB was not asked for. */
export type PgliteModule = { module?: WebAssembly.Module; reason?: string };

const compiled = new Map<number, Promise<PgliteModule>>();

/** pglite.wasm compiled with the given pool size, once per process and size (tests open many databases). */
export function pgliteModule(megabytes: number): Promise<PgliteModule> {
  let entry = compiled.get(megabytes);
  if (!entry) {
    entry = (async (): Promise<PgliteModule> => {
      if (megabytes === 128) return {}; // PGlite's own value
      const file = pgliteWasmFile();
      const patched = withSharedBuffers(fs.readFileSync(file), megabytes);
      if (!patched) return { reason: `"${SHIPPED}" is not in ${file} exactly once (another PGlite build?)` };
      return { module: await WebAssembly.compile(patched) };
    })();
    compiled.set(megabytes, entry);
  }
  return entry;
}
