/** Russian texts of the management decisions log (seed 003 §4.3, §7.2; seed 004 §9). */
import type { DecisionDocType, DecisionHorizon, DecisionKind, DecisionLevel, DecisionResource, RiskClass } from "../management/decisions.ts";

/** Виды управленческих решений (seed 004 §9). */
export const DECISION_KIND_NAMES: Record<DecisionKind, string> = {
  organising: "организующее",
  activating: "активизирующее",
  coordinating: "координирующее",
  controlling: "контролирующее",
  stimulating: "стимулирующее",
};

/** Документ, которым закреплено решение (seed 004 §9: приказы, распоряжения; seed 003 §7.2: инструктивные письма). */
export const DECISION_DOC_NAMES: Record<DecisionDocType, string> = {
  order: "приказ",
  instruction: "распоряжение",
  letter: "инструктивное письмо",
  protocol: "протокол заседания рабочей группы",
};

/** Уровень управления (seed 004 §9). */
export const DECISION_LEVEL_NAMES: Record<DecisionLevel, string> = {
  school: "уровень образовательной организации",
  district: "муниципальный уровень",
  region: "региональный уровень",
};

/** Оперативное или стратегическое (seed 003 §4.3.4). */
export const DECISION_HORIZON_NAMES: Record<DecisionHorizon, string> = {
  operational: "оперативное",
  strategic: "стратегическое",
};

/** Риски по управляемости (seed 003 §4.3.2). */
export const RISK_CLASS_NAMES: Record<RiskClass, string> = {
  managed: "управляемый риск",
  weak: "слабоуправляемый риск",
  unmanaged: "неуправляемый риск",
};

/** Ресурсы (seed 003 §4.3.2: кадровые, финансовые, материально-технические, информационные, временные). */
export const RESOURCE_NAMES: Record<DecisionResource, string> = {
  staff: "кадровые",
  finance: "финансовые",
  equipment: "материально-технические",
  information: "информационные",
  time: "временные",
};

/** Field names for validation messages. */
export const DECISION_FIELD_NAMES: Record<string, string> = {
  kind: "Вид решения",
  docType: "Документ",
  docNumber: "Номер документа",
  docDate: "Дата документа",
  title: "Содержание решения",
  level: "Уровень",
  horizon: "Характер решения",
  risks: "Риски",
  text: "описание риска",
  class: "класс риска",
  resources: "Ресурсы",
  schoolId: "Школа",
  recommendationIds: "Рекомендации",
  note: "Примечание",
};

export const decisionText = {
  required: "заполните поле",
  tooLong: (max: number) => `не длиннее ${max} знаков`,
  badDate: "дата в формате ГГГГ-ММ-ДД",
  badChoice: "выберите значение из списка",
  riskRequired: "укажите хотя бы один риск, на который отвечает решение",
  tooMany: (max: number) => `не больше ${max}`,
  repeated: "значения повторяются",
  schoolLevelNeedsSchool: "решение уровня образовательной организации относится к школе: выберите школу",
  invalidPrefix: "Решение не сохранено",
  onlyDistrict: "Журнал управленческих решений ведут сотрудники РУО этого района.",
  notYours: "Решение не найдено или недоступно вам.",
  otherSchool: "Школа не из этого района.",
  foreignRecommendation: "Рекомендация не найдена среди рекомендаций этого района.",
  /** "приказ № 12 от 01.03.2027" */
  document: (docType: DecisionDocType, number: string, date: string) => `${DECISION_DOC_NAMES[docType]} № ${number} от ${date}`,
} as const;
