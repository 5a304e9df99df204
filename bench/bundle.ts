// What a phone downloads for the Mini App, from the production build (`npm run build`): the first
// route (the entry and every chunk it imports statically) and the chart code, gzipped as the server
// sends them. Targets: first route ≤ 80 KB, charts ≤ 40 KB.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const DIST = path.resolve("miniapp/web/dist");
const FIRST_ROUTE_KB = 80;
const CHARTS_KB = 40;

interface Chunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, ".vite/manifest.json"), "utf8")) as Record<string, Chunk>;
const gzipKb = (file: string) => gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length / 1024;

const firstRoute = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key]!;
  if (firstRoute.has(chunk.file)) return;
  firstRoute.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(Object.keys(manifest).find((key) => manifest[key]!.isEntry)!);
const jsFiles = (files: Iterable<string>) => [...files].filter((file) => file.endsWith(".js"));
const firstKb = jsFiles(firstRoute).reduce((sum, file) => sum + gzipKb(file), 0);

// The chart components (components/charts/ and the pages' chart wrappers) are lazy chunks.
const chartChunks = Object.values(manifest).filter(
  (chunk) => chunk.name === "charts" || /src\/components\/(charts\/|DeficitChart)/.test(chunk.src ?? ""),
);
const chartsKb = chartChunks.reduce((sum, chunk) => sum + gzipKb(chunk.file), 0);
const chartsInFirstRoute = chartChunks.some((chunk) => firstRoute.has(chunk.file));

const line = (label: string, kb: number, limit: number) =>
  console.log(
    `${label.padEnd(52)} ${kb.toFixed(1).padStart(6)} KB gz  target ≤ ${limit} KB: ×${(kb / limit).toFixed(2)} ${kb <= limit ? "ok" : "OVER"}`,
  );
line(`Mini App first route (${jsFiles(firstRoute).length} JS files)`, firstKb, FIRST_ROUTE_KB);
line(`charts: bars, radar, scatter (${chartChunks.length} lazy chunk${chartChunks.length === 1 ? "" : "s"})`, chartsKb, CHARTS_KB);
if (chartsInFirstRoute) console.log("  charts are in the first route: they should load lazily");
