// Russian texts of visit reports in chat and in the Mini App API (#15 §3): a mentor's, tutor's or
// curator's report, the head's confirmation or dispute, the indicators against the plan.
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "../services/file-store-ports.ts";
import type { VisitFormat, VisitState } from "../services/visits-ports.ts";

const typesList = Object.keys(ATTACHMENT_TYPES).join(", ");
const maxMb = ATTACHMENT_MAX_BYTES / 1024 / 1024;

export const VISIT_FORMAT_NAMES: Record<VisitFormat, string> = {
  onsite: "очно",
  remote: "дистанционно",
  mixed: "смешанный формат",
};

export const VISIT_STATE_NAMES: Record<VisitState, string> = {
  draft: "черновик",
  submitted: "ждёт подтверждения школы",
  disputing: "школа оспаривает",
  confirmed: "подтверждён школой",
  disputed: "оспорен школой",
};

export const formatVisitDay = (date: Date) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(date);

export const visitsText = {
  command: "Отчёт о визите или консультации",
  menu: "📝 Отчёт о визите",
  help: "/visit — отчёт о визите или консультации в закреплённой школе: дата, формат, темы, что выявлено, о чём договорились, фото или файл",
  headHelp: "Отчёты наставников о визитах приходят сюда: подтвердите визит кнопкой или оспорьте его",
  refusal: "Отчёт о визите заполняют наставники, тьюторы и кураторы, закреплённые за школой.",
  unavailable: "Отчёты о визитах сейчас недоступны. Попробуйте позже.",
  noSchools: "За вами сейчас не закреплена ни одна школа. Закрепление делает район; после него здесь можно будет отчитаться о визите.",
  chooseSchool: "В какой школе прошёл визит или консультация?",
  draftMark: (school: string) => `${school} (черновик)`,
  openApp: "📊 Мои визиты в приложении",
  myVisits: (count: number, confirmed: number) => `Отчётов в этом учебном году: ${count}, подтверждено школой: ${confirmed}.`,
  // the end of the report
  finalTitle: (school: string) => `<b>Отчёт о визите: ${school}</b>`,
  finalBody: "Все вопросы пройдены. Можно прикрепить фото или файл (протокол, лист посещения) — просто отправьте его сюда, — или отправить отчёт без файла.",
  fileAttached: (name: string) => `Прикреплён файл: ${name}. Новый файл заменит его.`,
  fileTypes: `Файлы: ${typesList}, до ${maxMb} МБ. Фото отправьте как файл.`,
  submitButton: "📨 Отправить отчёт",
  backButton: "◀️ Назад",
  deleteButton: "🗑 Удалить черновик",
  deleted: "Черновик удалён.",
  submitted: (school: string, date: string) => `Отчёт о визите в ${school} (${date}) отправлен. Руководитель школы подтвердит визит; район видит отчёт.`,
  alreadySubmitted: "Этот отчёт уже отправлен.",
  notYours: "Это не ваш отчёт.",
  gone: "Отчёт не найден: возможно, черновик удалён.",
  incomplete: "Ответьте на все обязательные вопросы, прежде чем отправлять отчёт.",
  badDate: "Дата — в формате ДД.ММ.ГГГГ, например 14.11.2026, и не позже сегодняшнего дня.",
  tooOld: "Дата визита — не раньше чем за год до сегодняшнего дня.",
  schoolNotAssigned: "Эта школа за вами не закреплена.",
  fileSaved: (name: string) => `Файл «${name}» прикреплён к отчёту.`,
  fileBadType: `Такой файл не подходит. Можно: ${typesList}.`,
  fileTooBig: `Файл больше ${maxMb} МБ. Отправьте файл поменьше.`,
  fileDownloadFailed: "Не удалось получить файл. Отправьте его ещё раз.",
  // the head
  notice: (v: { school: string; author: string; date: string; format: string; topics: string; found: string; agreed: string; file: boolean }) =>
    [
      `📝 Отчёт о визите в ${v.school}`,
      `${v.author}, ${v.date}, ${v.format}.`,
      v.topics ? `Темы: ${v.topics}` : "",
      `Выявлено: ${v.found}`,
      `Договорились: ${v.agreed}`,
      v.file ? "К отчёту приложен файл (в приложении)." : "",
      "",
      "Подтвердите, что визит состоялся, или оспорьте отчёт.",
    ]
      .filter((line, index, lines) => line !== "" || (index > 0 && lines[index - 1] !== ""))
      .join("\n"),
  confirmButton: "✅ Подтвердить визит",
  disputeButton: "⚠️ Оспорить",
  cancelDisputeButton: "Отмена",
  confirmed: (school: string, date: string) => `Визит в ${school} (${date}) подтверждён. Спасибо!`,
  alreadyConfirmed: "Визит уже подтверждён.",
  alreadyDisputed: "Отчёт уже оспорен.",
  askReason: "Напишите одним сообщением, что в отчёте не так (до 1000 знаков).",
  reasonEmpty: "Напишите причину текстом, до 1000 знаков.",
  disputed: "Отчёт оспорен. Наставник и район увидят вашу причину.",
  disputeCancelled: "Хорошо, отчёт по-прежнему ждёт вашего решения.",
  notHead: "Подтвердить или оспорить визит может руководитель этой школы.",
  authorConfirmed: (school: string, date: string) => `✅ Школа ${school} подтвердила ваш визит (${date}).`,
  authorDisputed: (school: string, date: string, reason: string) => `⚠️ Школа ${school} оспорила ваш отчёт о визите (${date}): ${reason}`,
  // API
  notFound: "Отчёт о визите не найден.",
  forbidden: "Нет доступа к отчётам о визитах этого района.",
  badYear: "Учебный год — в виде 2026/27.",
  reasonRequired: "Укажите причину (до 1000 знаков).",
  mentorFeedbackTitle: "Обратная связь о наставничестве",
};
