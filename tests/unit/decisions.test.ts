// The management decision's schema (seed 004 §9, seed 003 §4.3 and §7.2): five kinds, three documents,
// three levels, two horizons, risks with their class (at least one), resources of five kinds; the
// refusals read in Russian; every value has its Russian name.
import { describe, expect, it } from "vitest";
import {
  DECISION_DOC_TYPES,
  DECISION_HORIZONS,
  DECISION_KINDS,
  DECISION_LEVELS,
  DECISION_RESOURCES,
  DecisionFilterSchema,
  parseDecisionInput,
  RISK_CLASSES,
} from "../../core/management/decisions.ts";
import {
  DECISION_DOC_NAMES,
  DECISION_HORIZON_NAMES,
  DECISION_KIND_NAMES,
  DECISION_LEVEL_NAMES,
  RESOURCE_NAMES,
  RISK_CLASS_NAMES,
} from "../../core/messages/decisions.ts";

const valid = {
  kind: "activating",
  docType: "order",
  docNumber: "45-од",
  docDate: "2027-03-15",
  title: "Направить педагогов ШНОР на КПК по адресным программам",
  level: "district",
  horizon: "operational",
  risks: [{ text: "Дефицит методических компетенций", class: "managed" }],
  resources: ["staff", "time"],
};

describe("управленческое решение", () => {
  it("принимает решение с документом, уровнем, рисками и ресурсами", () => {
    const parsed = parseDecisionInput(valid);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.data).toMatchObject({ ...valid, schoolId: null, recommendationIds: [], note: null });
  });

  it("без рисков не сохраняется: хотя бы один риск", () => {
    const parsed = parseDecisionInput({ ...valid, risks: [] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((issue) => issue.message)).toContain("Риски: укажите хотя бы один риск, на который отвечает решение");
  });

  it("неизвестный вид, неверная дата, пустой номер, чужой класс риска и повтор ресурса — по-русски, с названием поля", () => {
    const parsed = parseDecisionInput({
      ...valid,
      kind: "punishing",
      docDate: "2027-02-30",
      docNumber: "  ",
      risks: [{ text: "Нет психолога", class: "big" }],
      resources: ["staff", "staff"],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.issues.map((issue) => issue.message);
    expect(messages).toContain("Вид решения: выберите значение из списка");
    expect(messages).toContain("Дата документа: дата в формате ГГГГ-ММ-ДД");
    expect(messages).toContain("Номер документа: заполните поле");
    expect(messages).toContain("Риски (1), класс риска: выберите значение из списка");
    expect(messages).toContain("Ресурсы: значения повторяются");
    for (const message of messages) expect(message).toMatch(/[а-яё]/i);
  });

  it("решение уровня образовательной организации относится к школе", () => {
    const parsed = parseDecisionInput({ ...valid, level: "school" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]!.field).toBe("schoolId");
    expect(parseDecisionInput({ ...valid, level: "school", schoolId: "abc123" }).ok).toBe(true);
  });

  it("лишние поля не принимаются", () => {
    expect(parseDecisionInput({ ...valid, districtId: "x" }).ok).toBe(false);
  });

  it("фильтр: вид, уровень, период", () => {
    expect(DecisionFilterSchema.safeParse({ kind: "controlling", level: "region", from: "2027-01-01", to: "2027-06-30" }).success).toBe(true);
    expect(DecisionFilterSchema.safeParse({ kind: "other" }).success).toBe(false);
    expect(DecisionFilterSchema.safeParse({ from: "01.01.2027" }).success).toBe(false);
  });

  it("у каждого значения — русское название из семян", () => {
    expect(DECISION_KINDS.map((kind) => DECISION_KIND_NAMES[kind])).toEqual(["организующее", "активизирующее", "координирующее", "контролирующее", "стимулирующее"]);
    expect(DECISION_DOC_TYPES.map((type) => DECISION_DOC_NAMES[type])).toEqual(["приказ", "распоряжение", "инструктивное письмо", "протокол заседания рабочей группы"]);
    expect(RISK_CLASSES.map((risk) => RISK_CLASS_NAMES[risk])).toEqual(["управляемый риск", "слабоуправляемый риск", "неуправляемый риск"]);
    expect(DECISION_RESOURCES.map((resource) => RESOURCE_NAMES[resource])).toEqual(["кадровые", "финансовые", "материально-технические", "информационные", "временные"]);
    for (const level of DECISION_LEVELS) expect(DECISION_LEVEL_NAMES[level]).toMatch(/уровень/);
    for (const horizon of DECISION_HORIZONS) expect(DECISION_HORIZON_NAMES[horizon]).toMatch(/ое$/);
  });
});
