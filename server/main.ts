// `npm start`: configuration → one process with bot, HTTP server and scheduler; clean shutdown.
import fs from "node:fs";
import { ConfigError, loadConfig } from "./config.ts";
import { startServer } from "./app.ts";

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

const server = await startServer(config);
const channels = [server.telegram ? "Telegram" : null, server.max ? "MAX" : null].filter(Boolean).join(" и ");
console.log(`Сервер запущен: ${server.url} (база: ${server.db.kind}; мессенджеры: ${channels}). Остановка — Ctrl+C.`);
if (!config.PUBLIC_URL?.startsWith("https://")) {
  console.warn(
    "PUBLIC_URL с https:// не задан: боты работают, но кнопки «Открыть приложение» нет. " +
      "Опубликуйте приложение по HTTPS и впишите адрес в .env (см. README, «Мини-приложение по HTTPS»).",
  );
}

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server
      .close()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(error);
        process.exit(1);
      });
  });
}
