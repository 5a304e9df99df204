// Prints what one diagnostic answer costs on the embedded database, per messenger, against its floor
// (the single answer upsert the step must do anyway), at the first and the last question, with the
// SQL statements per turn, and what the head's aggregate costs. Target: p95 ≤ 6× the floor's median.
// Run: npm run bench
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { makeDistrict } from "../tests/support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../tests/support/telegram.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../tests/support/max.ts";
import { makeTestApi, signInitData } from "../tests/support/api.ts";

// 120 teachers give 60 answers per messenger at each question: with 20, a "p95" of one question is its maximum.
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 120);
const TARGET = 6;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-bench-"));
let statements = 0;
// The pool size `npm start` gives PGlite (server/config.ts), unless a run sets another to compare.
const sharedBuffersMb = Number(process.env.PGLITE_SHARED_BUFFERS_MB ?? 16);
const db = await openDatabase({ dataDir: dir, onQuery: () => statements++, sharedBuffersMb });
await migrate(db);
const { schools, invite } = await makeDistrict(db);
const school = schools[0]!;

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, median: at(0.5), p95: at(0.95) };
};
const timed = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

const telegram = new FakeTelegram();
const tgBot = makeTestBot(db, telegram);
const max = new FakeMax();
const maxBot = makeMaxBot(db, max);
/** Per messenger and question number (1…24): time and SQL statements of each answer turn. */
const steps = { telegram: new Map<number, number[]>(), max: new Map<number, number[]>() };
const counts = { telegram: new Map<number, number[]>(), max: new Map<number, number[]>() };
const record = <T>(map: Map<number, T[]>, question: number, value: T) => map.set(question, [...(map.get(question) ?? []), value]);
/** Floor: the one write every answer needs, timed right after each turn so both see the same machine load. */
const floor: number[] = [];
let floorResponseId: string | undefined;
const floorUpsert = async (value: number) => {
  floorResponseId ??= (await db.prisma.response.findFirstOrThrow()).id;
  const responseId = floorResponseId;
  floor.push(
    await timed(() =>
      db.prisma.answer.upsert({
        where: { responseId_questionId: { responseId, questionId: "fgos_1" } },
        create: { responseId, questionId: "fgos_1", value },
        update: { value },
      }),
    ),
  );
};
for (let index = 0; index < TEACHERS; index++) {
  const inMax = index % 2 === 1;
  const user = inMax ? new MaxUser(maxBot, max, 100 + index) : new ChatUser(tgBot, telegram, 100 + index);
  const code = await invite("teacher", school.id);
  if (user instanceof MaxUser) await user.open(code);
  else await user.send(`/start ${code}`);
  await user.press("Согласен(на)");
  await user.send("/diagnostic");
  for (let question = 0; question < 24; question++) {
    statements = 0;
    const ms = await timed(() => user.press(["Нет", "Скорее нет", "Скорее да", "Да"][(question + index) % 4]!));
    const channel = inMax ? "max" : "telegram";
    record(steps[channel], question + 1, ms);
    record(counts[channel], question + 1, statements);
    await floorUpsert(1 + ((question + index) % 4));
  }
  telegram.clear();
}

const head = new ChatUser(tgBot, telegram, 900);
await head.send(`/start ${await invite("head", school.id)}`);
await head.press("Согласен(на)");
const api = makeTestApi(db);
const aggregate: number[] = [];
for (let index = 0; index < 50; index++) {
  aggregate.push(await timed(async () => api.request(`/api/schools/${school.id}/deficits`, { headers: { authorization: `tma ${signInitData(900)}` } })));
}

const fl = stats(floor);
const ag = stats(aggregate);
const row = (name: string, s: { n: number; median: number; p95: number }, suffix = "") =>
  console.log(
    `${name.padEnd(46)} n=${String(s.n).padStart(3)}  median ${s.median.toFixed(1).padStart(5)} ms  p95 ${s.p95.toFixed(1).padStart(5)} ms${suffix}`,
  );
const versus = (s: { p95: number }) => {
  const ratio = s.p95 / fl.median;
  return `  p95 = ×${ratio.toFixed(1)} floor (target ≤ ×${TARGET}: ${ratio <= TARGET ? "ok" : "OVER"})`;
};
console.log(`PGlite in ${dir} (shared_buffers ${sharedBuffersMb} MB); ${TEACHERS} teachers × 24 answers, alternating Telegram and MAX`);
row("floor: one answer upsert (Prisma on PGlite)", fl);
for (const [channel, label] of [
  ["telegram", "Telegram"],
  ["max", "MAX"],
] as const) {
  const all = [...steps[channel].values()].flat();
  const sql = [...counts[channel].values()].flat();
  row(`${label}: answer → next question, all`, stats(all), `${versus(stats(all))}; SQL per turn ${Math.min(...sql)}–${Math.max(...sql)}`);
  for (const question of [1, 24]) {
    row(`${label}: answer at question ${question}`, stats(steps[channel].get(question)!), versus(stats(steps[channel].get(question)!)));
  }
}
row(`head's school aggregate (${TEACHERS} respondents)`, ag, `  median ×${(ag.median / fl.median).toFixed(1)} floor`);
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
