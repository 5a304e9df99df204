// Prints what one diagnostic answer costs on the embedded database, per messenger, against its floor
// (the single answer upsert the step must do anyway), and what the head's aggregate costs.
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

const TEACHERS = 6;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-bench-"));
const db = await openDatabase({ dataDir: dir });
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
const tgSteps: number[] = [];
const maxSteps: number[] = [];
for (let index = 0; index < TEACHERS; index++) {
  const inMax = index % 2 === 1;
  const user = inMax ? new MaxUser(maxBot, max, 100 + index) : new ChatUser(tgBot, telegram, 100 + index);
  const code = await invite("teacher", school.id);
  if (user instanceof MaxUser) await user.open(code);
  else await user.send(`/start ${code}`);
  await user.press("Согласен(на)");
  await user.send("/diagnostic");
  for (let question = 0; question < 24; question++) {
    const ms = await timed(() => user.press(["Нет", "Скорее нет", "Скорее да", "Да"][(question + index) % 4]!));
    (inMax ? maxSteps : tgSteps).push(ms);
  }
  telegram.clear();
}

// Floor: the one write every answer needs.
const response = await db.prisma.response.findFirstOrThrow();
const floor: number[] = [];
for (let index = 0; index < 100; index++) {
  floor.push(
    await timed(() =>
      db.prisma.answer.upsert({
        where: { responseId_questionId: { responseId: response.id, questionId: "fgos_1" } },
        create: { responseId: response.id, questionId: "fgos_1", value: 1 + (index % 4) },
        update: { value: 1 + (index % 4) },
      }),
    ),
  );
}

const head = new ChatUser(tgBot, telegram, 900);
await head.send(`/start ${await invite("head", school.id)}`);
await head.press("Согласен(на)");
const api = makeTestApi(db);
const aggregate: number[] = [];
for (let index = 0; index < 50; index++) {
  aggregate.push(await timed(async () => api.request(`/api/schools/${school.id}/deficits`, { headers: { authorization: `tma ${signInitData(900)}` } })));
}

const tg = stats(tgSteps);
const mx = stats(maxSteps);
const fl = stats(floor);
const ag = stats(aggregate);
const row = (name: string, s: { n: number; median: number; p95: number }, ratio?: number) =>
  console.log(
    `${name.padEnd(44)} n=${String(s.n).padStart(3)}  median ${s.median.toFixed(1).padStart(6)} ms  p95 ${s.p95.toFixed(1).padStart(6)} ms` +
      (ratio ? `  ×${ratio.toFixed(1)} floor` : ""),
  );
console.log(`PGlite in ${dir}; ${TEACHERS} teachers × 24 answers, alternating Telegram and MAX`);
row("floor: one answer upsert (Prisma on PGlite)", fl);
row("Telegram: answer button → next question", tg, tg.median / fl.median);
row("MAX: answer button → next question", mx, mx.median / fl.median);
row(`head's school aggregate (${TEACHERS} respondents)`, ag, ag.median / fl.median);
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
