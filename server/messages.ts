// What the server says to the person who runs it (console and log), in Russian: one line that
// names the setting and the fix, instead of a stack trace.

export type Messenger = "telegram" | "max";

export const MESSENGER_TITLE: Record<Messenger, string> = { telegram: "Telegram", max: "MAX" };
export const TOKEN_VARIABLE: Record<Messenger, string> = { telegram: "BOT_TOKEN", max: "MAX_BOT_TOKEN" };
const TOKEN_SOURCE: Record<Messenger, string> = {
  telegram: "скопируйте токен у @BotFather (/mybots → API Token)",
  max: "скопируйте токен на платформе MAX для партнёров (business.max.ru → Чат-боты → Интеграция)",
};

const clockTime = (date: Date) => date.toISOString().replace("T", " ").slice(0, 19) + " UTC";

export const serverText = {
  tokenRefused: (messenger: Messenger, status: number | string) =>
    `${MESSENGER_TITLE[messenger]} отклонил токен бота (ответ ${status}): значение ${TOKEN_VARIABLE[messenger]} неверно или бот удалён. ` +
    `Исправьте ${TOKEN_VARIABLE[messenger]} в .env — ${TOKEN_SOURCE[messenger]} — и запустите сервер снова.`,
  unreachable: (messenger: Messenger, since: Date, reason: string) =>
    `${MESSENGER_TITLE[messenger]} недоступен с ${clockTime(since)} (${reason}). Повторяю подключение каждые несколько секунд; ` +
    `приложение и остальные мессенджеры работают.`,
  stillUnreachable: (messenger: Messenger, since: Date, reason: string) =>
    `${MESSENGER_TITLE[messenger]} всё ещё недоступен (с ${clockTime(since)}, ${reason}); продолжаю повторять.`,
  restored: (messenger: Messenger, seconds: number) =>
    `${MESSENGER_TITLE[messenger]}: связь восстановлена после ${seconds} с недоступности.`,
  conflict: (messenger: Messenger) =>
    `${MESSENGER_TITLE[messenger]}: этого бота уже опрашивает другой процесс (ответ 409). Запущены два сервера с одним ${TOKEN_VARIABLE[messenger]}? ` +
    `Остановите лишний; до тех пор повторяю.`,
  firstContact: (messenger: Messenger) => `${MESSENGER_TITLE[messenger]}: подключаюсь…`,
  portBusy: (port: number, host: string) =>
    `Порт ${port} (${host}) уже занят другой программой. Остановите её или выберите другой порт: PORT=${port === 65535 ? 3001 : port + 1} в .env.`,
  portDenied: (port: number) =>
    `Нет прав открыть порт ${port}: порты ниже 1024 доступны только администратору. Выберите другой, например PORT=3000 в .env.`,
  stopTimeout: (seconds: number) => `Остановка заняла больше ${seconds} с (сеть или база не отвечают): завершаю процесс принудительно.`,
  startFailed: (message: string) => `Сервер не запущен: ${message}`,
};

/** A start-up problem the person running the server can fix; its message is the whole story. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

/** Short reason for a failed call, without payloads (they could carry what people typed). */
export function describeFailure(error: unknown): string {
  if (error && typeof error === "object") {
    const record = error as { error_code?: number; status?: number; description?: string; message?: string; cause?: unknown };
    if (typeof record.error_code === "number") return `${record.error_code}${record.description ? ": " + record.description : ""}`.slice(0, 200);
    if (typeof record.status === "number") return `${record.status}${record.description ? ": " + record.description : ""}`.slice(0, 200);
    const cause = record.cause as { code?: string } | undefined;
    const message = String(record.message ?? error);
    return (cause?.code ? `${cause.code}: ${message}` : message).slice(0, 200);
  }
  return String(error).slice(0, 200);
}
