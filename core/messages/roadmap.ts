// Russian texts of roadmaps and executors' tasks in chat (#14, seed 002's «Дорожная карта»).
import type { EventState, RoadmapSection } from "../services/roadmaps-ports.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "../services/file-store-ports.ts";

export const SECTION_NAMES: Record<RoadmapSection, string> = {
  org_managerial: "Организационно-управленческая деятельность",
  org_technological: "Организационно-технологическая деятельность",
  methodical: "Методическое сопровождение",
  analytical: "Аналитическая деятельность",
};

export const STATE_NAMES: Record<EventState, string> = {
  planned: "запланировано",
  in_progress: "в работе",
  done: "выполнено",
  overdue: "просрочено",
  cancelled: "отменено",
};

const typesList = Object.keys(ATTACHMENT_TYPES).join(", ");
const maxMb = ATTACHMENT_MAX_BYTES / 1024 / 1024;

export const roadmapText = {
  command: "Мои задачи по дорожной карте",
  menu: "📋 Мои задачи",
  help: "/tasks — мероприятия дорожной карты, где вы исполнитель: отметить выполнение (файл или ссылка), попросить помощи, перенести срок",
  unavailable: "Дорожные карты сейчас недоступны. Попробуйте позже.",
  notMember: "Задачи дорожной карты — для участников района и школ.",
  none: "У вас нет открытых мероприятий дорожной карты. Новые задачи придут сюда, когда вас назначат исполнителем.",
  heading: (count: number) => `<b>Мои задачи</b> — открытых мероприятий: ${count}.`,
  more: (count: number) => `И ещё ${count} — в мини-приложении.`,
  eventCard: (e: { number: string; title: string; place: string; due: string; state: string; indicator: string | null; resultDocument: string | null }) =>
    [
      `${e.number}. ${e.title}`,
      `${e.place}`,
      `Срок: ${e.due} · ${e.state}`,
      e.indicator ? `Показатель: ${e.indicator}` : "",
      e.resultDocument ? `Результат: ${e.resultDocument}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  doneButton: "✅ Выполнено",
  helpButton: "🆘 Нужна помощь",
  postponeButton: "📅 Перенести",
  cancelStepButton: "Отмена",
  openApp: "Открыть мои задачи",
  askEvidence: (title: string) =>
    `«${title}»: пришлите подтверждение выполнения — файл (${typesList}; до ${maxMb} МБ) или ссылку (http:// или https://).`,
  evidenceNeeded: "Нужно подтверждение: пришлите файл или ссылку, начинающуюся с http:// или https://. «Отмена» — чтобы не отмечать.",
  evidenceBadType: `Такой файл не принимается. Подойдут: ${typesList}. Или пришлите ссылку.`,
  evidenceTooBig: `Файл больше ${maxMb} МБ. Пришлите файл поменьше или ссылку.`,
  evidenceDownloadFailed: "Не удалось получить файл из мессенджера. Попробуйте ещё раз или пришлите ссылку.",
  doneSaved: (title: string) => `Отмечено выполненным: «${title}». Подтверждение сохранено.`,
  askPostpone: (title: string) => `«${title}»: напишите новый срок и причину одним сообщением: ДД.ММ.ГГГГ причина. Например: 15.05.2027 перенесён семинар.`,
  postponeBad: "Не понял. Напишите новый срок и причину: ДД.ММ.ГГГГ причина (например, 15.05.2027 перенесён семинар). «Отмена» — чтобы оставить срок.",
  postponePast: "Новый срок должен быть не раньше сегодняшнего дня.",
  postponed: (title: string, due: string) => `Срок мероприятия «${title}» перенесён на ${due}. Район видит причину в журнале мероприятия.`,
  helpSent: (title: string) => `Просьба о помощи по мероприятию «${title}» передана в управление образования.`,
  stepCancelled: "Хорошо, ничего не меняю.",
  gone: "Это мероприятие уже закрыто или недоступно.",
  notExecutor: "Вы не исполнитель этого мероприятия.",
  // Notices (Outbox)
  assigned: (e: { title: string; due: string; place: string }) => `Вы назначены исполнителем мероприятия дорожной карты (${e.place}):\n«${e.title}»\nСрок: ${e.due}.`,
  remindBefore: (e: { title: string; due: string; days: number }) =>
    `Напоминание: через ${e.days} ${e.days === 1 ? "день" : e.days < 5 ? "дня" : "дней"}, ${e.due}, срок мероприятия дорожной карты «${e.title}».`,
  remindToday: (e: { title: string }) => `Сегодня срок мероприятия дорожной карты «${e.title}». Отметьте выполнение с подтверждением или перенесите срок.`,
  escalation: (e: { title: string; number: string; due: string; place: string; executors: string }) =>
    `Просрочено мероприятие дорожной карты (${e.place}):\n${e.number}. «${e.title}»\nСрок был: ${e.due}. Исполнители: ${e.executors}.`,
  helpRequested: (e: { title: string; number: string; place: string; who: string }) =>
    `${e.who} просит помощи по мероприятию дорожной карты (${e.place}):\n${e.number}. «${e.title}»`,
  nobody: "не назначены",
  someone: "Исполнитель",
  districtPlace: (district: string) => `${district}, дорожная карта района`,
};
