/** Russian texts of the at-risk student counts (#15; seed 002: «дети группы риска»). */
import type { AtRiskCategory } from "../services/at-risk-rules.ts";

/** Категории seed 002 (пропускающие занятия, слабоуспевающие, дети с ОВЗ) и учёты (внутришкольный, КДН, ПДН). */
export const AT_RISK_CATEGORY_NAMES: Record<AtRiskCategory, string> = {
  absentees: "Пропускающие занятия",
  low_achievers: "Слабоуспевающие",
  ovz: "Обучающиеся с ОВЗ",
  watch_list: "На профилактических учётах (внутришкольный, КДН, ПДН)",
};

export const atRiskText = {
  invalidPrefix: "Не сохранено",
  badYear: "Учебный год в формате 2026/27.",
  badCount: "Численность — целое число от 0 до 10 000.",
  badCategory: "Неизвестная категория.",
  repeated: "Каждая категория — один раз.",
  noteTooLong: (max: number) => `Примечание — не длиннее ${max} символов.`,
  looksLikeName: "Похоже на фамилию с инициалами: здесь хранятся только числа, без имён детей. Уберите имена.",
  titleRequired: "Мероприятие: не короче 3 и не длиннее 300 символов.",
  badDue: "Срок — дата в формате ГГГГ-ММ-ДД.",
  badSection: "Раздел дорожной карты: выберите из списка.",
  onlyHead: "Численность и профилактический план ведёт руководитель школы (и сотрудники РУО).",
  notAllowed: "Сведения о группах риска видят руководитель школы, РУО и рабочая группа.",
  schoolNotFound: "Школа не найдена.",
  planTitle: (name: string, schoolYear: string) => `Дорожная карта ${name}, ${schoolYear} учебный год`,
} as const;
