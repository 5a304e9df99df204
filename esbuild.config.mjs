// `npm run build:server`: the server and the CLI as plain JavaScript in dist/, so production runs
// `node dist/server.js` without tsx. Packages stay external (node_modules at run time): PGlite and
// Prisma load WASM files next to their own modules, and pino starts worker threads by file name.
// date-fns is the exception: its index loads ~250 modules at start, the bundle keeps the few we call.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const BUNDLED = ["date-fns"];

/** Bare imports stay imports of node_modules, except the packages in BUNDLED. */
const externals = {
  name: "externals",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.some((name) => args.path === name || args.path.startsWith(`${name}/`)) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * V8 flags set before PGlite compiles Postgres to machine code (measured by bench/memory.ts):
 * Postgres in WASM stays on V8's baseline compiler (Liftoff) and compiles a function only when it
 * first runs. Together that keeps about 110 MB of optimised code out of memory; the answer turn
 * measured no slower (bench/survey-step.ts).
 */
const banner = `import { setFlagsFromString as setV8Flags } from "node:v8";
setV8Flags("--liftoff-only");
setV8Flags("--wasm-lazy-compilation");`;

/** Bundles server and CLI into `outdir` with the migrations next to them (tests build their own copy). */
export async function buildServer(outdir = "dist") {
  await build({
    entryPoints: { server: "server/main.ts", cli: "cli/main.ts" },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    // Modules imported with import() become chunks of their own, loaded when first needed (the
    // PostgreSQL driver, file readers): without splitting their packages would load at start. Chunks
    // stay next to the entry points (migrate.ts and app.ts find their files from their own folder);
    // their names carry a content hash, so a rebuild never changes a chunk a running server loads later.
    splitting: true,
    target: "node20",
    plugins: [externals],
    banner: { js: banner },
    logLevel: "warning",
  });
  // prisma/migrate.ts finds its SQL next to its own module: in the bundle that is dist/.
  const migrations = path.join(outdir, "migrations");
  fs.rmSync(migrations, { recursive: true, force: true });
  fs.cpSync("prisma/migrations", migrations, { recursive: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildServer();
