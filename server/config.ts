import path from "node:path";
import { z } from "zod";
import { SHARED_BUFFERS_MB } from "../prisma/pglite-wasm.ts";

/**
 * Configuration from the environment, validated once at start (STYLE.md). A bad setting stops the
 * process with one message that names every problem and how to fix it.
 */
const optionalUrl = (hint: string) =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().url({ message: hint }).optional(),
  );

const ConfigSchema = z.object({
  BOT_TOKEN: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, {
        message: "не похож на токен Telegram (ожидается вид 123456789:AA...). Скопируйте его из @BotFather целиком.",
      })
      .optional(),
  ),
  MAX_BOT_TOKEN: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{20,}$/, { message: "не похож на токен бота MAX. Скопируйте его с платформы MAX для партнёров целиком." })
      .optional(),
  ),
  MAX_API_ROOT: optionalUrl("должен быть адресом, например https://platform-api2.max.ru (или пустым)"),
  TELEGRAM_API_ROOT: optionalUrl("должен быть адресом, например http://127.0.0.1:8081 (свой Bot API сервер) или пустым"),
  DATABASE_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "должен начинаться с postgresql:// (или оставьте пустым для встроенной базы)" })
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: optionalUrl("должен быть полным адресом Mini App, например https://shnor.example.ru").refine(
    (value) => value === undefined || value.startsWith("https://") || /^http:\/\/(localhost|127\.0\.0\.1)/.test(value),
    { message: "должен начинаться с https:// — Telegram открывает Mini App только по HTTPS" },
  ),
  PORT: z.coerce.number({ message: "должен быть числом" }).int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  TZ_DISTRICT: z
    .string()
    .default("Europe/Moscow")
    .refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat("ru-RU", { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      },
      { message: "неизвестный часовой пояс; примеры: Europe/Moscow, Asia/Yekaterinburg, Asia/Yakutsk" },
    ),
  MIN_RESPONDENTS: z.coerce
    .number({ message: "должен быть числом" })
    .int({ message: "должен быть целым числом" })
    // Fewer than 3 respondents would let a reader recognise one teacher in an aggregate (release rules).
    .min(3, { message: "не может быть меньше 3: иначе по сводке можно узнать ответы одного педагога" })
    .max(100, { message: "не больше 100" })
    .default(5),
  /**
   * Messages per second per messenger from the send queue, all instances together (#14 broadcasts).
   * Telegram allows about 30 for bulk sends; 25 leaves a margin for the bot's own replies.
   */
  SEND_RATE_PER_SECOND: z.coerce
    .number({ message: "должен быть числом" })
    .int({ message: "должен быть целым числом" })
    .min(1, { message: "не меньше 1" })
    .max(30, { message: "не больше 30: Telegram разрешает боту около 30 сообщений в секунду" })
    .default(25),
  INIT_DATA_MAX_AGE_HOURS: z.coerce.number({ message: "должен быть числом" }).positive().max(24 * 30).default(24),
  /** PostgreSQL: seconds to wait for a connection (statements get at least 30 s). */
  DATABASE_TIMEOUT_SECONDS: z.coerce.number({ message: "должен быть числом секунд" }).int().min(1).max(300).default(10),
  // Embedded database only: Postgres's shared buffer pool (PGlite would take 128 MB; prisma/pglite-wasm.ts).
  PGLITE_SHARED_BUFFERS_MB: z.coerce
    .number({ message: "должен быть числом мегабайт" })
    .int({ message: "должен быть целым числом мегабайт" })
    .min(SHARED_BUFFERS_MB.min, { message: `не меньше ${SHARED_BUFFERS_MB.min}` })
    .max(SHARED_BUFFERS_MB.max, { message: `не больше ${SHARED_BUFFERS_MB.max}` })
    .default(SHARED_BUFFERS_MB.default),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // #16: how updates arrive. "polling" (default) suits one instance; "webhook" lets any number of
  // instances behind a load balancer serve one bot (needs PUBLIC_URL with https://).
  BOT_MODE: z.enum(["polling", "webhook"], { message: "должен быть polling или webhook" }).default("polling"),
  /** Shared secret the messengers send with each webhook call; derived from the bot token when empty. */
  WEBHOOK_SECRET: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, { message: "16–256 латинских букв, цифр, _ или - (так требует Telegram)" }).optional(),
  ),
  /** Bearer token for GET /metrics (Prometheus); without it /metrics answers 404. */
  METRICS_TOKEN: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(16, { message: "не короче 16 символов" }).optional()),
  /** How long the audit log keeps its entries (days); older ones are removed by a nightly job. */
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ message: "должен быть числом дней" })
    .int({ message: "должен быть целым числом дней" })
    .min(30, { message: "не меньше 30 дней" })
    .max(3650, { message: "не больше 3650 дней (10 лет)" })
    .default(1095),
  // #14: evidence and attachments in an S3-compatible store when all four are set (files/s3-store.ts); else <DATA_DIR>/files.
  S3_ENDPOINT: optionalUrl("должен быть адресом хранилища, например https://storage.yandexcloud.net (или пустым)"),
  S3_BUCKET: z.preprocess((value) => (value === "" ? undefined : value), z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "не похоже на имя бакета (строчные латинские буквы, цифры, точки и дефисы)" }).optional()),
  S3_ACCESS_KEY_ID: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
  S3_REGION: z.preprocess((value) => (value === "" ? undefined : value), z.string().default("us-east-1")),
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

const NO_CHANNEL =
  "BOT_TOKEN и MAX_BOT_TOKEN не заданы: нужен хотя бы один. Токен Telegram — у @BotFather (/newbot), " +
  "токен MAX — на платформе MAX для партнёров (business.max.ru). Запишите его в .env, например BOT_TOKEN=123456:ABC...";

const S3_REQUIRED = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;
const S3_PARTIAL =
  "не заданы, а другие переменные S3_* заданы. Для хранения файлов в S3 нужны все четыре; чтобы хранить файлы в папке данных, уберите все S3_*";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      "Настройка не завершена / configuration error:\n" +
        problems.map((problem) => `  • ${problem}`).join("\n") +
        "\nСм. .env.example и README (раздел «Настройка»).",
    );
    this.name = "ConfigError";
  }
}

/** `requireBotToken: false` is for the admin CLI, which talks to no messenger. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { requireBotToken?: boolean } = {}): Config {
  const result = ConfigSchema.safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  const tokenProblem = problems.some((problem) => /^(MAX_)?BOT_TOKEN /.test(problem));
  if (options.requireBotToken !== false && !tokenProblem && !env.BOT_TOKEN && !env.MAX_BOT_TOKEN) problems.unshift(NO_CHANNEL);
  // Files go to S3 only when all four are set; some of them alone is a mistake, not a quiet fallback to disk.
  const s3 = S3_REQUIRED.filter((name) => Boolean(env[name]));
  if (s3.length > 0 && s3.length < S3_REQUIRED.length) {
    problems.push(`${S3_REQUIRED.filter((name) => !env[name]).join(", ")}: ${S3_PARTIAL}`);
  }
  if (result.success && result.data.BOT_MODE === "webhook" && !result.data.PUBLIC_URL?.startsWith("https://")) {
    problems.push("BOT_MODE=webhook: нужен PUBLIC_URL с https:// — на этот адрес Telegram и MAX присылают обновления (или BOT_MODE=polling)");
  }
  if (problems.length || !result.success) throw new ConfigError(problems);
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}
