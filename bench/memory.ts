// Idle memory of the production process (`node dist/server.js`, built by `npm run build`) on the
// embedded database, and what it is made of. A Bot API stand-in answers getMe and holds long polls,
// so the process is exactly what a supervisor runs, minus the network. Target: ≤ 300 MB RSS.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { botInfo, TEST_TOKEN } from "../tests/support/telegram.ts";

const TARGET_MB = 300;
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 8000);
const MB = 1024 * 1024;

const standIn = http.createServer((request, response) => {
  const method = request.url?.split("/").pop() ?? "";
  const reply = (result: unknown) => response.end(JSON.stringify({ ok: true, result }));
  if (method === "getMe") return reply(botInfo);
  // A long poll with no updates, as Telegram does when nobody writes.
  if (method === "getUpdates") return void setTimeout(() => reply([]), 25_000).unref();
  reply(true);
});
await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
const apiRoot = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-bench-rss-"));
const probeOut = path.join(dataDir, "probe.json");
const env = {
  PATH: process.env.PATH ?? "",
  BOT_TOKEN: TEST_TOKEN,
  TELEGRAM_API_ROOT: apiRoot,
  DATA_DIR: path.join(dataDir, "data"),
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  MEMORY_PROBE_OUT: probeOut,
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
  // The server's default (16 MB, server/config.ts) unless a run sets another to compare (PGlite's own: 128).
  ...(process.env.PGLITE_SHARED_BUFFERS_MB ? { PGLITE_SHARED_BUFFERS_MB: process.env.PGLITE_SHARED_BUFFERS_MB } : {}),
};
const sharedBuffersMb = Number(env.PGLITE_SHARED_BUFFERS_MB ?? 16);

// The flags and environment `npm start` gives the server (package.json), unless a run overrides them.
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? "--max-semi-space-size=1").split(" ").filter(Boolean);
/** Another install to measure, e.g. a copy installed with `npm ci --omit=dev`. */
const appDir = path.resolve(process.env.BENCH_APP_DIR ?? ".");
const child = spawn(process.execPath, [...nodeFlags, "--import", path.resolve("bench/memory-probe.mjs"), path.join(appDir, "dist/server.js")], {
  env,
  cwd: os.tmpdir(),
  stdio: ["ignore", "pipe", "pipe"],
});
let output = "";
child.stdout.on("data", (chunk) => (output += chunk));
child.stderr.on("data", (chunk) => (output += chunk));
await new Promise<void>((resolve, reject) => {
  // Generous: on a busy machine (tests running alongside) the first start's initdb alone can take a minute.
  const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${output}`)), 180_000);
  child.stdout.on("data", () => {
    if (output.includes("Сервер запущен")) {
      clearTimeout(timer);
      resolve();
    }
  });
  child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
}).catch((error: unknown) => {
  child.kill("SIGKILL"); // a failed start must not leave the measured server running
  throw error;
});
await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
// The process serves what it should: health and the Mini App.
const url = /Сервер запущен: (http:\/\/\S+?)[\s,)]/.exec(output)?.[1];
for (const page of ["/healthz", "/"]) {
  const response = await fetch(`${url}${page}`);
  if (!response.ok) throw new Error(`${page} answered ${response.status}`);
}

/** A WASM memory is its own mapping (its size, or gigabytes with guard regions): its resident part is in use. */
function wasmResident(pid: number, sizes: number[]): number {
  let resident = 0;
  for (const block of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)) {
    const [from, to] = block.split(" ")[0]!.split("-").map((hex) => parseInt(hex, 16)) as [number, number];
    const size = to - from;
    if (size >= 4 * 1024 * MB || sizes.some((memory) => size >= memory && size < memory + MB)) resident += Number(/\nRss:\s+(\d+) kB/.exec(block)?.[1] ?? 0) * 1024;
  }
  return resident;
}

const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
child.kill("SIGUSR2");
for (let waited = 0; !fs.existsSync(probeOut) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
const probe = JSON.parse(fs.readFileSync(probeOut, "utf8")) as {
  v8HeapTotal: number;
  v8HeapUsed: number;
  arrayBuffers: number;
  v8External: number;
  wasmMemories: number[];
};
const wasmInUse = wasmResident(child.pid!, probe.wasmMemories);
child.kill("SIGTERM");
await new Promise((resolve) => child.once("exit", resolve));
standIn.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const rss = kb("VmRSS");
const fmt = (bytes: number) => `${(bytes / MB).toFixed(0).padStart(4)} MB`;
const wasm = probe.wasmMemories.reduce((sum, size) => sum + size, 0);
console.log(
  `idle RSS of node dist/server.js (PGlite, ${IDLE_MS / 1000} s after start)  ${fmt(rss)}  target ≤ ${TARGET_MB} MB: ×${(rss / (TARGET_MB * MB)).toFixed(2)} ${rss <= TARGET_MB * MB ? "ok" : "OVER"}`,
);
console.log(`  file-backed (node binary and shared libraries)     ${fmt(kb("RssFile"))}`);
console.log(`  anonymous                                          ${fmt(kb("RssAnon"))}, of which:`);
console.log(`    V8 heap (JS objects; used ${fmt(probe.v8HeapUsed).trim()})             ${fmt(probe.v8HeapTotal)}`);
console.log(`    WASM memory in use (PGlite's Postgres: ${sharedBuffersMb} MB shared buffers it fills at start, caches)  ${fmt(wasmInUse)} of ${fmt(wasm).trim()} allocated`);
console.log(`    buffers outside the V8 heap (PGlite's file system image, sockets)  ${fmt(probe.arrayBuffers)}`);
console.log(
  `    the rest: compiled code (Postgres in WASM on Liftoff, Prisma's query compiler, JS), malloc  ${fmt(Math.max(0, kb("RssAnon") - probe.v8HeapTotal - wasmInUse - probe.arrayBuffers))}`,
);
