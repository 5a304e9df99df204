// `npm run demo` reads PORT from .env, as `npm start` does (issue #11 §3).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const TSX = pathToFileURL(path.resolve("node_modules/tsx/dist/loader.mjs")).href;

it("демо берёт PORT из .env", async () => {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-demo-"));
  fs.writeFileSync(path.join(dir, ".env"), `PORT=${port}\nLOG_LEVEL=warn\n`);
  const env = { ...process.env };
  for (const key of ["PORT", "DATA_DIR", "DEMO_DATA_DIR", "HOST"]) delete env[key];
  const child = spawn(process.execPath, ["--import", TSX, path.resolve("cli/demo.ts")], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    const until = Date.now() + 90_000;
    while (!/Откройте http:\/\/localhost:\d+/.test(output) && child.exitCode === null && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).toContain(`Откройте http://localhost:${port} `);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  } finally {
    child.kill("SIGTERM");
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
