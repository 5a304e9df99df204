// Russian texts of the district broadcasts (#14 §5): the use cases' refusals, the role names of a
// target, and the bot's /broadcast (core/services/broadcasts.ts, core/journeys/broadcast.ts).
import type { Role } from "../roles.ts";
import { pluralRu } from "./reminders.ts";

/** Role names in a broadcast's target («кому»). */
export const BROADCAST_ROLE_NAMES: Record<Role, string> = {
  district: "сотрудники управления образования",
  head: "руководители школ",
  teacher: "педагоги",
  mentor: "наставники",
  methodologist: "методисты института (ИРО/ЦНППМ)",
  assessment: "аналитики центра оценки качества (ЦОКО)",
  parent: "родители",
};

const people = (n: number) => `${n} ${pluralRu(n, "человек", "человека", "человек")}`;

export const broadcastText = {
  notFound: "Рассылка не найдена.",
  fileNotOfDistrict: "Файл не найден: загрузите его заново.",
  nobodyReachable: "Рассылку некому доставить: ни у кого из выбранных нет подключённого мессенджера с согласием на уведомления.",
  badAttachmentType: (types: string) => `Такой файл приложить нельзя. Можно: ${types}.`,
  attachmentTooBig: (mb: number) => `Файл больше ${mb} МБ: приложите файл поменьше или дайте ссылку на него.`,
  attachmentEmpty: "Файл пустой.",
  // ---- the bot ----
  commandDescription: "Рассылка по району",
  help: "/broadcast — рассылка педагогам, руководителям и другим участникам района (текст, ссылка, файл; отчёт о доставке)",
  refusal: "Рассылки по району делают сотрудники управления образования.",
  intro:
    "Рассылка по району: напишите текст, приложите файл или ссылку, выберите, кому (роли, школы, кластер или список), — " +
    "приложение покажет, скольким людям она дойдёт, и отчёт о доставке.\n\n" +
    "Здесь же можно быстро разослать короткий текст всем педагогам района: нажмите «Текст всем педагогам».",
  openApp: "Открыть рассылки",
  quickButton: "Текст всем педагогам",
  askText: (max: number) => `Пришлите текст рассылки для всех педагогов района одним сообщением (до ${max} знаков). «Отмена» — передумать.`,
  cancelButton: "Отмена",
  cancelled: "Рассылка отменена.",
  tooLong: (max: number) => `Текст длиннее ${max} знаков: сократите его.`,
  preview: (reachable: number, total: number, notReached: number) =>
    `Рассылка дойдёт до ${people(reachable)} из ${total}.` +
    (notReached ? ` Ещё ${people(notReached)} не получат её: нет мессенджера, нет согласия или бот заблокирован.` : "") +
    "\n\nОтправить?",
  confirmButton: "Отправить",
  queued: (n: number) => `Рассылка поставлена в очередь: ${people(n)}. Отчёт о доставке — в приложении.`,
  alreadyQueued: "Эта рассылка уже отправлена.",
  notDraft: "Черновик не найден: начните заново — /broadcast.",
  reportButton: "Отчёт о доставке",
};
