// `npm start`: configuration → one process with bot, HTTP server and scheduler; clean shutdown.
import fs from "node:fs";
import { ConfigError, loadConfig } from "./config.ts";
import { startServer } from "./app.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");

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

const server = await startServer(config as typeof config & { BOT_TOKEN: string });
console.log(`Сервер запущен: ${server.url} (база: ${server.db.kind}). Остановка — Ctrl+C.`);

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
