import path from "node:path";
import { z } from "zod";

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
  BOT_TOKEN: z
    .string({ message: "не задан. Получите токен у @BotFather (/newbot) и запишите его в .env: BOT_TOKEN=123456:ABC..." })
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, {
      message: "не похож на токен Telegram (ожидается вид 123456789:AA...). Скопируйте его из @BotFather целиком.",
    }),
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
  MIN_RESPONDENTS: z.coerce.number({ message: "должен быть числом" }).int().min(1).max(100).default(5),
  INIT_DATA_MAX_AGE_HOURS: z.coerce.number({ message: "должен быть числом" }).positive().max(24 * 30).default(24),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { requireBotToken?: boolean } = {}): Config {
  const schema = options.requireBotToken === false ? ConfigSchema.partial({ BOT_TOKEN: true }) : ConfigSchema;
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(problems);
  }
  const config = result.data as z.infer<typeof ConfigSchema>;
  return { ...config, dataDir: path.resolve(config.DATA_DIR) };
}
