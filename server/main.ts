// `npm start`: configuration → one process with bot, HTTP server and scheduler; clean shutdown.
import fs from "node:fs";
import { ConfigError, loadConfig } from "./config.ts";
import { startServer } from "./app.ts";
import { DatabaseBusyError, DatabaseStartError } from "../prisma/db.ts";
import { serverText, StartupError } from "./messages.ts";
import type { MessengerHealth } from "./health.ts";

/** Stopping never takes longer than this, whatever the network does (supervisors wait about 10 s). */
const STOP_LIMIT_MS = 9_000;

// Node reads NODE_EXTRA_CA_CERTS only at launch, so a value that arrives from .env comes too late.
const caAtLaunch = process.env.NODE_EXTRA_CA_CERTS;
if (fs.existsSync(".env")) process.loadEnvFile(".env");
if (process.env.NODE_EXTRA_CA_CERTS && !caAtLaunch) {
  console.warn(
    "NODE_EXTRA_CA_CERTS задан в .env, но Node читает его только при запуске процесса. " +
      "Задайте его в окружении: NODE_EXTRA_CA_CERTS=/путь/russian_trusted_root_ca.pem npm start (см. README, раздел MAX).",
  );
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer(config);
} catch (error) {
  // Problems the person running the server can fix: one Russian line, no stack trace.
  if (error instanceof StartupError || error instanceof DatabaseStartError || error instanceof DatabaseBusyError) {
    console.error(serverText.startFailed(error.message));
    process.exit(1);
  }
  throw error;
}
const STATE: Record<MessengerHealth["state"], string> = {
  starting: "подключается",
  connected: "подключён",
  retrying: "нет связи, повторяю",
  "token refused": "токен отклонён",
  off: "без опроса",
};
const channels = server.messengers
  .map((monitor) => `${monitor.messenger === "telegram" ? "Telegram" : "MAX"} — ${STATE[monitor.health.state]}`)
  .join(", ");
console.log(`Сервер запущен: ${server.url} (база: ${server.db.kind}; ${config.BOT_MODE === "webhook" ? "обновления через вебхук" : "опрос обновлений"}; мессенджеры: ${channels}). Остановка — Ctrl+C.`);
if (!config.PUBLIC_URL?.startsWith("https://")) {
  console.warn(
    "PUBLIC_URL с https:// не задан: боты работают, но кнопки «Открыть приложение» нет. " +
      "Опубликуйте приложение по HTTPS и впишите адрес в .env (см. README, «Мини-приложение по HTTPS»).",
  );
}

let closing = false;
function stop(code: number) {
  if (closing) return;
  closing = true;
  setTimeout(() => {
    console.error(serverText.stopTimeout(STOP_LIMIT_MS / 1000));
    process.exit(code || 1);
  }, STOP_LIMIT_MS).unref();
  server
    .close()
    .then(() => process.exit(code))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stop(0));
// A token refused while running (revoked in @BotFather): the line is already in the log; exit non-zero.
void server.fatal.then(() => stop(1));
