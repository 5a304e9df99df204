// The recommendation rules (#14 §1): a trigger (risk factor, parameter, released deficit area, low-solved ВПР topic,
// the ШНОР/ШНСУ list) proposes its template with the facts as the basis; a rule used for the school this year is
// not proposed again; a district's own version is checked by zod with Russian messages.
import { describe, expect, it } from "vitest";
import {
  ADDRESSEES,
  DEFAULT_RULES,
  FORMS,
  RuleSetSchema,
  fillTemplate,
  proposeRecommendations,
  ruleSetProblems,
  type SchoolFacts,
} from "../../core/management/recommendation-rules.ts";

const empty = (): SchoolFacts => ({
  school: { id: "s1", name: "МБОУ СОШ №1" },
  riskFactors: [],
  riskParameters: [],
  deficitAreas: [],
  lowTopics: [],
  status: { shnor: false, shnsu: false },
});

const keys = (facts: SchoolFacts, exclude?: Set<string>) => proposeRecommendations(facts, DEFAULT_RULES.rules, exclude).map((p) => p.ruleKey);

describe("встроенные правила (версия 1)", () => {
  it("покрывают всех адресатов seed 003 §6.2 и seed 004 §7 и проходят собственную схему", () => {
    expect(new Set(DEFAULT_RULES.rules.map((rule) => rule.addressee))).toEqual(new Set(ADDRESSEES));
    for (const rule of DEFAULT_RULES.rules) expect(FORMS).toContain(rule.form);
    expect(RuleSetSchema.safeParse(DEFAULT_RULES).success).toBe(true);
    expect(ruleSetProblems(DEFAULT_RULES)).toEqual([]);
  });

  it("без фактов ничего не предлагают", () => {
    expect(keys(empty())).toEqual([]);
  });

  it("фактор «Дефицит педагогических кадров» → письмо району с основанием", () => {
    const facts = { ...empty(), riskFactors: [{ id: "staff" as const, name: "Дефицит педагогических кадров" }] };
    const proposals = proposeRecommendations(facts, DEFAULT_RULES.rules);
    expect(proposals.map((p) => p.ruleKey)).toEqual(["school-risk-programme", "district-staff"]);
    // Seed 004: a risk profile leads the school to update its development programme.
    expect(proposals[0]!.addressee).toBe("head");
    expect(proposals[0]!.form).toBe("programme");
    const staff = proposals[1];
    expect(staff!.addressee).toBe("district");
    expect(staff!.form).toBe("letter");
    expect(staff!.basis).toEqual([{ kind: "factor", key: "staff", label: "Дефицит педагогических кадров" }]);
    expect(staff!.text).toContain("Рисковый профиль школы МБОУ СОШ №1: Дефицит педагогических кадров.");
    expect(staff!.text).not.toMatch(/\{[a-z]+\}/);
  });

  it("выраженный дефицит в обобщённых данных → школе (качество преподавания) и институту (КПК); умеренный — нет", () => {
    const pronounced = { ...empty(), deficitAreas: [{ id: "assessment", title: "Критерии оценивания ВПР", level: "pronounced" as const }] };
    expect(keys(pronounced)).toEqual(["school-teaching", "institute-courses"]);
    const course = proposeRecommendations(pronounced, DEFAULT_RULES.rules).find((p) => p.ruleKey === "institute-courses")!;
    expect(course.addressee).toBe("institute");
    expect(course.basis).toEqual([{ kind: "deficit", key: "assessment", label: "Критерии оценивания ВПР" }]);
    const moderate = { ...empty(), deficitAreas: [{ id: "assessment", title: "Критерии оценивания ВПР", level: "moderate" as const }] };
    expect(keys(moderate)).toEqual([]);
  });

  it("темы ВПР с низкой решаемостью → школе и центру оценки качества, темы в тексте", () => {
    const facts = { ...empty(), lowTopics: [{ subject: "Математика", grade: 5, task: "7", topic: "Дроби", solvedShare: 0.21 }] };
    const proposals = proposeRecommendations(facts, DEFAULT_RULES.rules);
    expect(proposals.map((p) => [p.ruleKey, p.addressee])).toEqual([
      ["school-vpr-topics", "head"],
      ["assessment-procedures", "assessment"],
    ]);
    expect(proposals[0]!.text).toContain("Математика, 5 кл., задание 7 («Дроби») — решили 21%");
  });

  it("ШНОР → программа школы, дорожная карта района, кураторы института и школа-куратор", () => {
    const facts = { ...empty(), status: { shnor: true, shnsu: false } };
    expect(keys(facts)).toEqual(["school-programme", "district-roadmap", "institute-curators", "curator-help"]);
    const curator = proposeRecommendations(facts, DEFAULT_RULES.rules).find((p) => p.ruleKey === "curator-help")!;
    expect(curator.title).toBe("Адресная методическая помощь школе МБОУ СОШ №1");
  });

  it("правило, уже предложенное школе в этом учебном году, не предлагается снова", () => {
    const facts = { ...empty(), status: { shnor: true, shnsu: false } };
    expect(keys(facts, new Set(["district-roadmap", "curator-help"]))).toEqual(["school-programme", "institute-curators"]);
  });

  it("одно основание не повторяется, даже если его дают два условия правила", () => {
    const facts = { ...empty(), riskFactors: [{ id: "competence" as const, name: "Компетентность" }], deficitAreas: [{ id: "fgos", title: "ФГОС", level: "pronounced" as const }] };
    const teaching = proposeRecommendations(facts, DEFAULT_RULES.rules).find((p) => p.ruleKey === "school-teaching")!;
    expect(teaching.basis.map((item) => `${item.kind}:${item.key}`)).toEqual(["factor:competence", "deficit:fgos"]);
  });
});

describe("правила района (свои версии)", () => {
  it("параметр профиля и предмет ВПР как условия; подстановки без данных — «—»", () => {
    const rules = RuleSetSchema.parse({
      rules: [
        { key: "internet", triggers: [{ kind: "parameter", parameter: "card.internetQuality" }], addressee: "district", form: "letter", title: "Интернет в {school}", text: "Основание: {factors}. Темы: {topics}.", dueDays: 14 },
        { key: "russian", triggers: [{ kind: "lowTopics", subject: "русский" }], addressee: "institute", form: "selection", title: "Подборка по русскому", text: "Темы: {topics}; области: {areas}.", dueDays: 30 },
      ],
    });
    const facts = {
      ...empty(),
      riskParameters: [{ key: "card.internetQuality" as const, name: "Качество интернет-соединения" }],
      lowTopics: [
        { subject: "Математика", grade: 6, task: "3", topic: null, solvedShare: 0.3 },
        { subject: "Русский язык", grade: 5, task: "2", topic: "Орфография", solvedShare: 0.25 },
      ],
    };
    const proposals = proposeRecommendations(facts, rules.rules);
    expect(proposals.map((p) => p.title)).toEqual(["Интернет в МБОУ СОШ №1", "Подборка по русскому"]);
    expect(proposals[0]!.text).toBe("Основание: Качество интернет-соединения. Темы: —.");
    expect(proposals[1]!.text).toBe("Темы: Русский язык, 5 кл., задание 2 («Орфография») — решили 25%; области: —.");
    expect(proposals[0]!.section).toBe("methodical");
  });

  it("ошибки версии — по-русски, с номером правила и полем", () => {
    const problems = ruleSetProblems({
      rules: [
        { key: "a", triggers: [{ kind: "factor", factor: "weather" }], addressee: "mayor", form: "letter", title: "Да", text: "Короткий", dueDays: 0 },
        { key: "a", triggers: [{ kind: "status", status: "shnor" }], addressee: "head", form: "letter", title: "Нормальный заголовок", text: "Достаточно длинный текст рекомендации.", dueDays: 10 },
      ],
    });
    expect(problems.some((line) => line.startsWith("Правило 1 (a), поле addressee: допустимо: head, district, institute, assessment, curator"))).toBe(true);
    expect(problems.some((line) => line.startsWith("Правило 1 (a), поле title: слишком короткий текст"))).toBe(true);
    expect(problems.some((line) => line.startsWith("Правило 1 (a), поле dueDays: не меньше 1"))).toBe(true);
    expect(problems.some((line) => line.startsWith("Правило 1 (a), поле triggers.0.factor"))).toBe(true);
    expect(problems).toContain("Правило 2 (a), поле key: ключ «a» повторяется");
    expect(ruleSetProblems({ rules: [] })[0]).toContain("нужно не меньше 1");
  });

  it("fillTemplate подставляет школу и основания", () => {
    const facts = empty();
    expect(fillTemplate("{school}: {basis}", facts, [{ kind: "status", key: "shnor", label: "ШНОР" }])).toBe("МБОУ СОШ №1: ШНОР");
  });
});
