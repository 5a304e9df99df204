// `npm run demo`: a fictional district in its own data folder, then the server in demo mode, so anyone
// can look at the Mini App in a browser without a bot token. Never touches the real database:
// the folder is separate and DATABASE_URL is ignored. The district comes with identification of ШНОР
// and ШНСУ (three years of files through the real intake and one run), and with #13: the heads' self-analysis
// cards, anonymous parent and student surveys (class codes), the teacher diagnostic open with reminders, a risk
// profile for every school, a course catalog and routes (prisma/demo-instruments.ts); nothing is ever sent: the
// demo's people have no chat, so neither the run nor a press in the Mini App queues a message, and
// the token is one Telegram never accepts.
import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "../server/config.ts";
import { startServer } from "../server/app.ts";
import { openDatabase } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { demoSignIn, generateDemoDistrict } from "../prisma/demo-data.ts";

// The same .env as `npm start` (PORT, HOST, LOG_LEVEL, DEMO_DATA_DIR); the environment wins over it.
if (fs.existsSync(".env")) process.loadEnvFile(".env");

/** Syntactically valid, never accepted by Telegram: the demo runs without polling. */
const DEMO_BOT_TOKEN = "1000000000:DEMO_TOKEN_NOT_FOR_TELEGRAM_000000";

const demoDir = path.resolve(process.env.DEMO_DATA_DIR || "./data-demo");

// The folder is deleted on every run, so refuse anything that is not an earlier demo or empty.
const realDataDir = path.resolve(process.env.DATA_DIR || "./data");
if (demoDir === realDataDir || demoDir === path.parse(demoDir).root || demoDir === process.cwd()) {
  console.error(`DEMO_DATA_DIR=${demoDir} совпадает с рабочей папкой или папкой данных; укажите отдельную папку, например ./data-demo`);
  process.exit(2);
}
if (fs.existsSync(demoDir) && fs.readdirSync(demoDir).length > 0 && !fs.existsSync(path.join(demoDir, "PG_VERSION"))) {
  console.error(`Папка ${demoDir} не пуста и не похожа на демо-базу; демо её не удалит. Укажите другую в DEMO_DATA_DIR.`);
  process.exit(2);
}

let config;
try {
  config = loadConfig(
    {
      ...process.env,
      BOT_TOKEN: DEMO_BOT_TOKEN,
      DATABASE_URL: "",
      DATA_DIR: demoDir,
      PORT: process.env.PORT ?? "3000",
      // Anyone who reaches the demo can sign in as anyone: keep it on this computer unless asked.
      HOST: process.env.HOST ?? "127.0.0.1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      PUBLIC_URL: "",
    },
    { requireBotToken: true },
  );
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const started = performance.now();
console.log(`Создаю демо-район в ${demoDir} …`);
fs.rmSync(demoDir, { recursive: true, force: true });
const db = await openDatabase({ dataDir: demoDir });
let signIn: Array<{ personId: string; label: string }>;
let identificationYear: number | null = null;
let instruments: { year: number; profiles: number } | null = null;
try {
  await migrate(db);
  const demo = await generateDemoDistrict(db.prisma, { seed: 2026, onProgress: (line) => console.log(`  ${line}`) });
  signIn = demoSignIn(demo);
  identificationYear = demo.identification?.year ?? null;
  instruments = demo.instruments;
} catch (error) {
  await db.close();
  throw error;
}
console.log(`Готово за ${((performance.now() - started) / 1000).toFixed(1).replace(".", ",")} с.`);

const server = await startServer({ ...config, BOT_TOKEN: DEMO_BOT_TOKEN }, {
  db,
  polling: false,
  scheduler: false,
  demoPeople: async () => signIn,
});
const shownUrl = `http://localhost:${new URL(server.url).port}`;
console.log(
  [
    "",
    "==============================================================",
    "ДЕМО-РЕЖИМ: данные вымышленные.",
    `Откройте ${shownUrl} в браузере и выберите, от чьего имени войти.`,
    ...(identificationYear ? [`Выявление ШНОР и ШНСУ за ${identificationYear} год — на странице района (войдите как сотрудник РУО).`] : []),
    ...(instruments
      ? [
          `Профили рисков всех школ за ${instruments.year - 1}/${String(instruments.year).slice(2)} учебный год, опросы и их отклик — у сотрудника РУО;`,
          "свой профиль и карта самоанализа — у директора; маршрут (ИОМ) — у учителя; сводка дефицитов — у методиста.",
        ]
      : []),
    "Бот в демо не подключается к Telegram. Остановка — Ctrl+C.",
    "==============================================================",
  ].join("\n"),
);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    console.log("\nОстанавливаю демо…");
    server
      .close()
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(error);
        process.exit(1);
      });
  });
}
