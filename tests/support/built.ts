// The production entry points, bundled once for this test run by global-setup.ts: suites that need
// a real process run these, as `npm start` and `npm run cli` do.
import path from "node:path";
import { inject } from "vitest";

const built = inject("builtServer");
if ("error" in built) throw new Error(`esbuild could not bundle server/main.ts and cli/main.ts:\n${built.error}`);
const dir = built.dir;
/** `node <SERVER_JS>`: what `npm start` runs. */
export const SERVER_JS = path.join(dir, "server.js");
/** `node <CLI_JS> …`: the CLI binary. */
export const CLI_JS = path.join(dir, "cli.js");
