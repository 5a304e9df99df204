/** Russian texts of the audit log (#16 §6): action labels, the Mini App page, the CLI. */
import type { AuditAction, AuditVia } from "../services/audit.ts";

/** Что сделано: подписи действий журнала. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "aggregate.view": "Просмотр сводных данных",
  export: "Выгрузка файла",
  "methodology.change": "Изменение методики и настроек",
  "lists.change": "Изменение списков (выявление, ШНОР/ШНСУ)",
  "data.change": "Загрузка и изменение данных",
  "recommendations.change": "Изменение рекомендаций",
  "roadmaps.change": "Изменение дорожных карт",
  "decisions.change": "Управленческие решения и календарь",
  "reports.change": "Изменение отчётов об эффективности",
  "members.change": "Изменение участников (приглашения, роли, закрепления)",
  "campaigns.change": "Кампании и напоминания",
  "broadcasts.change": "Рассылки",
  "programmes.change": "Программы развития и семинаров",
  "events.change": "Сетевые мероприятия",
  "library.change": "Изменение библиотеки",
  "working_group.change": "Муниципальная рабочая группа",
  "routes.change": "Образовательные маршруты",
  "reserve.change": "Кадровый резерв",
  "visits.change": "Посещения школ",
  "change.other": "Другое изменение",
};

export const AUDIT_VIA_LABELS: Record<AuditVia, string> = {
  miniapp: "Mini App",
  cli: "командная строка",
  bot: "бот",
};

export const auditText = {
  /** The actor after /deletedata. */
  erasedActor: "удалённый пользователь",
  cliActor: (osUser: string) => `CLI: ${osUser}`,
  forbidden: "Журнал действий района видят только сотрудники РУО и региональный оператор этого района.",
  badQuery: "Неверный фильтр журнала: даты в формате ГГГГ-ММ-ДД, действие из списка.",
  // ---- the Mini App page ----
  title: "Журнал действий",
  help: "Кто смотрел сводные данные школ, кто что менял и выгружал. Записи нельзя изменить; они хранятся заданный в настройках срок.",
  empty: "За выбранный период записей нет.",
  allActions: "Все действия",
  from: "С",
  to: "По",
  more: "Показать ещё",
  district: "весь район",
  // ---- the CLI ----
  cliEmpty: "Записей нет.",
  cliHeader: "Время | Кто | Роль | Откуда | Действие | Школа | Что",
  districtNotFound: (query: string) => `Район «${query}» не найден.`,
  districtAmbiguous: (query: string, names: string[]) => `По «${query}» найдено несколько районов: ${names.join(", ")}. Укажите id.`,
  badSince: "--since: дата в формате ГГГГ-ММ-ДД.",
  badAction: (allowed: string[]) => `--action: одно из ${allowed.join(", ")}.`,
};
