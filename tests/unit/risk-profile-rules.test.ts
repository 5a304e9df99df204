// The rules of the risk profile (DOMAIN.md §6, issue #13 §6 and §10): each default threshold as documented (README),
// a value just below and just above it, the factor rule, "no data", versioned settings, determinism and the chat text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../../core/errors.ts";
import { CHAT_LIMIT, formatThreshold, riskProfileChatText, riskTableRows, ruleText, settingsText } from "../../core/messages/risk-profile.ts";
import { RISK_FACTORS, RISK_PARAMETERS, SOURCE_KEYS, riskParameter, type RiskParameter, type RiskSourceKey } from "../../core/risk-profile/catalog.ts";
import { districtAverages, riskProfile, type RiskProfileInput, type RiskValue } from "../../core/risk-profile/profile.ts";
import { DEFAULT_RISK_SETTINGS, RiskSettingsSchema, type RiskSettings } from "../../core/risk-profile/settings.ts";

/** The default thresholds as the README documents them: the risk zone, edge included. */
const DOCUMENTED: Record<RiskSourceKey, string> = {
  "card.learningMaterials": "≤ 95 %",
  "card.computersPer100": "≤ 8 на 100 обучающихся",
  "card.internetQuality": "≤ 2 из 4",
  "card.buildingDeficits": "«да»",
  "card.classroomsNeedRepair": "≥ 25 %",
  "card.teacherVacancies": "≥ 5 %",
  "card.supportSpecialistsMissing": "≥ 33 %",
  "card.supportStaffVacancies": "≥ 10 %",
  "teacher.pronouncedDeficit": "≥ 30 %",
  "teacher.experienceExchange": "≤ 50 %",
  "teacher.modernTechnologies": "≤ 2,5 из 4",
  "parent.teachingDissatisfaction": "≥ 25 %",
  "teacher.confidence": "≤ 2,5 из 4",
  "card.disabilitiesShare": "≥ 10 %",
  "teacher.disabilitiesUnsure": "≥ 30 %",
  "card.russianNotNativeOrEveryday": "≥ 10 %",
  "card.russianNotEveryday": "≥ 5 %",
  "card.russianSupportCoverage": "≤ 50 %",
  "teacher.studentMotivation": "≤ 2,5 из 4",
  "student.motivation": "≤ 2,5 из 4",
  "student.individualApproach": "≤ 2,5 из 4",
  "student.bullying": "≥ 20 %",
  "teacher.staffRelations": "≤ 2,5 из 4",
  "student.unfairTreatment": "≥ 20 %",
  "student.disciplineViolations": "≥ 2,5 из 4",
  "teacher.disciplineLevel": "≤ 2,5 из 4",
  "card.lowSocialWellbeing": "≥ 30 %",
  "teacher.extraClassesRecommended": "≥ 25 %",
  "parent.schoolInterest": "≤ 2,5 из 4",
  "parent.studySupport": "≤ 2,5 из 4",
  "parent.meetingAttendance": "≤ 50 %",
};

/** A step that is small for the kind of value but still changes its reading. */
const STEP = { share: 0.001, scale: 0.01, per100: 0.1 } as const;

const settings = DEFAULT_RISK_SETTINGS;
const thresholdOf = (key: RiskSourceKey) => settings.parameters[key].threshold;
const one = (key: RiskSourceKey, value: RiskValue, s: RiskSettings = settings) =>
  riskProfile({ values: { [key]: value } }, s)
    .factors.flatMap((factor) => factor.parameters)
    .find((parameter) => parameter.key === key)!;

/** A value on the risky side (the threshold itself) or on the safe side (one step away). */
const valueFor = (parameter: RiskParameter, risky: boolean, s: RiskSettings = settings): number | boolean => {
  if (parameter.kind === "flag") return parameter.direction === "higherWorse" ? risky : !risky;
  const t = s.parameters[parameter.key].threshold!;
  if (risky) return t;
  return parameter.direction === "higherWorse" ? t - STEP[parameter.kind] : t + STEP[parameter.kind];
};

const withSettings = (change: (draft: RiskSettings) => void): RiskSettings => {
  const draft = structuredClone(DEFAULT_RISK_SETTINGS);
  change(draft);
  return RiskSettingsSchema.parse(draft);
};

describe("пороги по умолчанию — как в документации", () => {
  it("каждый из 31 порогов записан так, как в README", () => {
    const shown = Object.fromEntries(RISK_PARAMETERS.map((p) => [p.key, formatThreshold(p.kind, p.direction, thresholdOf(p.key))]));
    expect(shown).toEqual(DOCUMENTED);
  });

  for (const parameter of RISK_PARAMETERS.filter((p) => p.kind !== "flag")) {
    const t = thresholdOf(parameter.key)!;
    const below = t - STEP[parameter.kind as keyof typeof STEP];
    const above = t + STEP[parameter.kind as keyof typeof STEP];
    const worse = parameter.direction === "higherWorse";
    it(`${parameter.number} ${parameter.short}: ${DOCUMENTED[parameter.key]} — чуть ниже ${worse ? "не" : ""} за порогом, на пороге за порогом, чуть выше ${worse ? "" : "не "}за порогом`, () => {
      expect(one(parameter.key, below).crossed).toBe(!worse);
      expect(one(parameter.key, t).crossed).toBe(true);
      expect(one(parameter.key, above).crossed).toBe(worse);
      expect(one(parameter.key, t).threshold).toBe(t);
    });
  }

  it("1.4 здания и помещения: «да» — за порогом, «нет» — нет", () => {
    expect(one("card.buildingDeficits", true).crossed).toBe(true);
    expect(one("card.buildingDeficits", false).crossed).toBe(false);
  });

  it("фактор, где чем больше, тем лучше: 10 % посещающих собрания — риск, 90 % — нет", () => {
    expect(one("parent.meetingAttendance", 0.1).crossed).toBe(true);
    expect(one("parent.meetingAttendance", 0.9).crossed).toBe(false);
    expect(one("student.bullying", 0.9).crossed).toBe(true);
    expect(one("student.bullying", 0.1).crossed).toBe(false);
  });
});

describe("правило фиксации риска по умолчанию: за порогом не меньше половины параметров с данными", () => {
  for (const factor of RISK_FACTORS) {
    const n = factor.parameters.length;
    it(`${factor.number}. ${factor.name}: все ${3 ** n} сочетаний «нет данных / за порогом / не за порогом»`, () => {
      for (let code = 0; code < 3 ** n; code++) {
        const states = factor.parameters.map((_, i) => Math.floor(code / 3 ** i) % 3); // 0 none, 1 risky, 2 safe
        const values: RiskProfileInput["values"] = {};
        factor.parameters.forEach((parameter, i) => {
          if (states[i] !== 0) values[parameter.key] = valueFor(parameter, states[i] === 1);
        });
        const result = riskProfile({ values }, settings).factors.find((f) => f.id === factor.id)!;
        const withData = states.filter((s) => s !== 0).length;
        const crossed = states.filter((s) => s === 1).length;
        const label = `${factor.id} ${states.join("")}`;
        expect(result.withData, label).toBe(withData);
        expect(result.crossed, label).toBe(crossed);
        expect(result.risk, label).toBe(withData === 0 ? "no_data" : 2 * crossed >= withData ? "fixed" : "not_fixed");
        expect(result.score, label).toBe(withData === 0 ? null : crossed / withData);
      }
    });
  }

  it("правило можно прочесть: текст правила по умолчанию и «не меньше N»", () => {
    expect(ruleText({ rule: "half" })).toBe("риск фиксируется, если за порогом не меньше половины параметров, по которым есть данные");
    expect(ruleText({ rule: "atLeast", count: 1 })).toBe("риск фиксируется, если за порогом хотя бы один параметр");
    expect(ruleText({ rule: "atLeast", count: 3 })).toBe("риск фиксируется, если за порогом не меньше 3 параметров");
  });

  it("объяснение для руководителя называет параметры за порогом, их значения и пороги", () => {
    const profile = riskProfile({ values: { "student.bullying": 0.25, "teacher.staffRelations": 3.1, "student.unfairTreatment": 0.3 } }, settings);
    const wellbeing = profile.factors.find((f) => f.id === "wellbeing")!;
    expect(wellbeing.risk).toBe("fixed");
    expect(wellbeing.explanation).toBe(
      "Риск зафиксирован: за порогом 2 из 3, а по правилу достаточно 2: конфликты и буллинг — 25 % (порог ≥ 20 %); несправедливость учителей — 30 % (порог ≥ 20 %).",
    );
    const equipment = riskProfile({ values: { "card.learningMaterials": 0.99, "card.internetQuality": 1.5, "card.buildingDeficits": false } }, settings).factors[0]!;
    expect(equipment.risk).toBe("not_fixed");
    expect(equipment.explanation).toBe(
      "Риск не зафиксирован: за порогом 1 из 3 с данными (всего 5), а по правилу нужно не меньше 2: интернет — 1,5 из 4 (порог ≤ 2 из 4). Нет данных: цифровое оборудование, классы и кабинеты.",
    );
  });
});

describe("нет данных — это «нет данных», а не «нет риска»", () => {
  it("пустой профиль: все 10 факторов без данных, без оценки для радара, ни один не «не зафиксирован»", () => {
    const profile = riskProfile({ values: {} }, settings);
    expect(profile.noData).toBe(10);
    expect(profile.fixed).toBe(0);
    for (const factor of profile.factors) {
      expect(factor.risk).toBe("no_data");
      expect(factor.score).toBeNull();
      expect(factor.needed).toBeNull();
      expect(factor.explanation).toMatch(/^Нет данных/);
      expect(factor.parameters.every((p) => p.crossed === null && p.missing === "no_value")).toBe(true);
    }
  });

  it("null и отсутствующий ключ — одинаково «нет данных»", () => {
    const withNulls = riskProfile({ values: Object.fromEntries(SOURCE_KEYS.map((key) => [key, null])) }, settings);
    expect(withNulls).toEqual(riskProfile({ values: {} }, settings));
  });

  it("при правиле «не меньше 1» фактор без данных всё равно «нет данных»", () => {
    const anyOne = withSettings((s) => void (s.factors.discipline = { rule: "atLeast", count: 1 }));
    expect(riskProfile({ values: {} }, anyOne).factors[7]!.risk).toBe("no_data");
    expect(riskProfile({ values: { "teacher.disciplineLevel": 3 } }, anyOne).factors[7]!.risk).toBe("not_fixed");
    expect(riskProfile({ values: { "teacher.disciplineLevel": 2 } }, anyOne).factors[7]!.risk).toBe("fixed");
  });

  it("анкета, на которую ответили меньше минимума, не учитывается: её параметры — «мало ответов»", () => {
    const values = { "teacher.disciplineLevel": 1.5, "student.disciplineViolations": 3.5 } as const;
    const few = riskProfile({ values, respondents: { teacher: 4, student: 30 } }, settings).factors[7]!;
    expect(few.parameters.map((p) => [p.key, p.missing, p.value])).toEqual([
      ["student.disciplineViolations", null, 3.5],
      ["teacher.disciplineLevel", "few_respondents", null],
    ]);
    expect(few.withData).toBe(1);
    expect(few.explanation).toContain("Анкета учителей: меньше 5 ответов");
    const enough = riskProfile({ values, respondents: { teacher: 5, student: 30 } }, settings).factors[7]!;
    expect(enough.withData).toBe(2);
    const none = riskProfile({ values, respondents: { teacher: 0, student: 0 } }, settings).factors[7]!;
    expect(none.risk).toBe("no_data");
    expect(riskProfile({ values }, settings).factors[7]!.withData).toBe(2);
  });

  it("карту самоанализа заполняет одна администрация: минимум ответов к ней не применяется", () => {
    const profile = riskProfile({ values: { "card.buildingDeficits": true }, respondents: { card: 1 } }, settings);
    expect(profile.factors[0]!.risk).toBe("fixed");
  });

  it("выключенный районом параметр не учитывается, даже если значение есть", () => {
    const off = withSettings((s) => void (s.parameters["card.buildingDeficits"].enabled = false));
    const equipment = riskProfile({ values: { "card.buildingDeficits": true, "card.internetQuality": 3 } }, off).factors[0]!;
    expect(equipment.parameters[3]!.missing).toBe("disabled");
    expect(equipment.risk).toBe("not_fixed");
    expect(riskProfile({ values: { "card.buildingDeficits": true } }, off).factors[0]!.risk).toBe("no_data");
  });
});

describe("настройки района: версия, проверка, изменения", () => {
  it("порог района меняет вывод, а профиль помнит версию настроек", () => {
    const strict = withSettings((s) => {
      s.version = 3;
      s.parameters["student.bullying"].threshold = 0.1;
    });
    expect(one("student.bullying", 0.15).crossed).toBe(false);
    expect(one("student.bullying", 0.15, strict).crossed).toBe(true);
    expect(riskProfile({ values: {} }, strict).settingsVersion).toBe(3);
  });

  it("правило «не меньше N»: 2 из 5 за порогом фиксируют риск при N = 2, но не при половине", () => {
    const values = { "card.learningMaterials": 0.5, "card.internetQuality": 1, "card.computersPer100": 20, "card.buildingDeficits": false, "card.classroomsNeedRepair": 0 };
    expect(riskProfile({ values }, settings).factors[0]!.risk).toBe("not_fixed");
    const two = withSettings((s) => void (s.factors.equipment = { rule: "atLeast", count: 2 }));
    expect(riskProfile({ values }, two).factors[0]!.risk).toBe("fixed");
  });

  const invalid: Array<[string, (s: Record<string, any>) => void]> = [
    ["порог доли больше 1", (s) => (s.parameters["student.bullying"].threshold = 1.2)],
    ["порог по шкале меньше 1", (s) => (s.parameters["teacher.confidence"].threshold = 0.5)],
    ["порог у параметра «да/нет»", (s) => (s.parameters["card.buildingDeficits"].threshold = 1)],
    ["нет порога у числового параметра", (s) => (s.parameters["card.computersPer100"].threshold = null)],
    ["нет параметра", (s) => delete s.parameters["parent.studySupport"]],
    ["лишний параметр", (s) => (s.parameters["parent.unknown"] = { threshold: 0.5, enabled: true })],
    ["нет правила фактора", (s) => delete s.factors.parents],
    ["N больше числа параметров фактора", (s) => (s.factors.discipline = { rule: "atLeast", count: 3 })],
    ["все параметры фактора выключены", (s) => ["student.disciplineViolations", "teacher.disciplineLevel"].forEach((k) => (s.parameters[k].enabled = false))],
    ["дробная версия", (s) => (s.version = 1.5)],
  ];
  for (const [label, change] of invalid) {
    it(`настройки отклоняются: ${label}`, () => {
      const draft = structuredClone(DEFAULT_RISK_SETTINGS) as Record<string, any>;
      change(draft);
      expect(RiskSettingsSchema.safeParse(draft).success).toBe(false);
    });
  }

  it("неверные данные школы — доменная ошибка, а не тихий результат", () => {
    const bad: Array<Record<string, unknown>> = [
      { "student.bullying": 1.5 },
      { "teacher.confidence": 0 },
      { "card.buildingDeficits": 1 },
      { "card.computersPer100": true },
      { "card.computersPer100": -1 },
      { "student.bullying": Number.NaN },
      { "student.unknown": 0.5 },
    ];
    for (const values of bad) {
      let caught: unknown;
      try {
        riskProfile({ values } as RiskProfileInput, settings);
      } catch (error) {
        caught = error;
      }
      expect(isDomainError(caught) && caught.code === "invalid_input", JSON.stringify(values)).toBe(true);
    }
  });
});

/** Random values of the right kind for every parameter (some missing). */
const valuesArb = fc.record(
  Object.fromEntries(
    RISK_PARAMETERS.map((p) => [
      p.key,
      p.kind === "flag"
        ? fc.option(fc.boolean())
        : p.kind === "share"
          ? fc.option(fc.double({ min: 0, max: 1, noNaN: true }))
          : p.kind === "scale"
            ? fc.option(fc.double({ min: 1, max: 4, noNaN: true }))
            : fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
    ]),
  ) as Record<RiskSourceKey, fc.Arbitrary<RiskValue>>,
);

describe("детерминированность", () => {
  it("одни и те же данные дают один и тот же профиль, в каком бы порядке ни пришли ключи", () => {
    fc.assert(
      fc.property(valuesArb, (values) => {
        const first = riskProfile({ values }, settings);
        const reversed = Object.fromEntries(Object.entries(values).reverse());
        expect(riskProfile({ values: reversed }, settings)).toEqual(first);
        expect(JSON.stringify(riskProfile({ values }, settings))).toBe(JSON.stringify(first));
        expect(first.factors.map((f) => f.id)).toEqual(RISK_FACTORS.map((f) => f.id));
        for (const f of first.factors) if (f.score !== null) expect(f.score).toBeGreaterThanOrEqual(0), expect(f.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });

  it("средние по району: оценка фактора и значения параметров (у «да/нет» — доля «да»)", () => {
    const a = riskProfile({ values: { "card.buildingDeficits": true, "card.internetQuality": 1 } }, settings);
    const b = riskProfile({ values: { "card.buildingDeficits": false, "card.internetQuality": 4 } }, settings);
    const c = riskProfile({ values: {} }, settings);
    const avg = districtAverages([a, b, c]);
    expect(avg.scores.equipment).toBe(0.5);
    expect(avg.scores.staff).toBeNull();
    expect(avg.values["card.buildingDeficits"]).toBe(0.5);
    expect(avg.values["card.internetQuality"]).toBe(2.5);
    const withDistrict = riskProfile({ values: { "card.buildingDeficits": true } }, settings, avg);
    expect(withDistrict.factors[0]!.districtScore).toBe(0.5);
    expect(withDistrict.factors[1]!.districtScore).toBeNull();
    expect(withDistrict.factors[0]!.parameters[2]!.districtValue).toBe(2.5);
  });
});

describe("профиль в чате для руководителя", () => {
  const everythingCrossed = () =>
    riskProfile({ values: Object.fromEntries(RISK_PARAMETERS.map((p) => [p.key, valueFor(p, true)])) as RiskProfileInput["values"] }, settings);

  it("называет школу, число факторов с риском и параметры за порогом", () => {
    const profile = riskProfile({ values: { "student.bullying": 0.25, "student.unfairTreatment": 0.3, "parent.meetingAttendance": 0.8 } }, settings);
    const text = riskProfileChatText(profile, { schoolName: "МБОУ «СОШ № 3»", year: "2025/26" });
    expect(text).toContain("Рисковый профиль школы: МБОУ «СОШ № 3», 2025/26");
    expect(text).toContain("Риск зафиксирован по 1 фактору из 10; нет данных по 8.");
    expect(text).toContain("❗ 7. Пониженный уровень школьного благополучия — риск зафиксирован (2 из 2): конфликты и буллинг 25 %; несправедливость учителей 30 %");
    expect(text).toContain("• 10. Низкий уровень вовлеченности родителей — риск не зафиксирован (0 из 1)");
    expect(text).toContain("○ 1. Низкий уровень оснащения — нет данных");
  });

  it(`худший случай — все 31 параметр за порогом и длинное название — не длиннее ${CHAT_LIMIT} символов`, () => {
    const profile = everythingCrossed();
    expect(profile.fixed).toBe(10);
    const name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12 с углублённым изучением отдельных предметов имени Героя Советского Союза» городского округа";
    const text = riskProfileChatText(profile, { schoolName: name, year: "2025/26" });
    expect(text.length).toBeLessThanOrEqual(CHAT_LIMIT);
    expect(text, "the details fit: nothing dropped").toContain("психологи, логопеды, соцпедагоги 33 %; вспомогательный персонал 10 %");
    for (const factor of RISK_FACTORS) expect(text).toContain(`${factor.number}. ${factor.name}`);
    const absurd = riskProfileChatText(profile, { schoolName: "Ш".repeat(5000) });
    expect(absurd.length).toBeLessThanOrEqual(CHAT_LIMIT);
    expect(absurd).toContain("10. Низкий уровень вовлеченности родителей");
  });

  it(`при любых данных и названии школы текст не длиннее ${CHAT_LIMIT} символов`, () => {
    fc.assert(
      fc.property(valuesArb, fc.string({ maxLength: 600 }), (values, schoolName) => {
        const text = riskProfileChatText(riskProfile({ values }, settings), { schoolName, year: "2025/26" });
        expect(text.length).toBeLessThanOrEqual(CHAT_LIMIT);
      }),
      { numRuns: 100 },
    );
  });
});

describe("таблица программы и правила словами", () => {
  it("таблица профиля — 31 строка в столбцах программы: фактор и фиксация риска в первой строке фактора", () => {
    const profile = riskProfile({ values: { "student.bullying": 0.25, "student.unfairTreatment": 0.3, "teacher.confidence": 3 }, respondents: { parent: 2 } }, settings);
    const rows = riskTableRows(profile);
    expect(rows).toHaveLength(31);
    expect(rows.filter((row) => row.factor).map((row) => row.fixed)).toEqual(["нет данных", "нет данных", "нет", "нет данных", "нет данных", "нет данных", "да", "нет данных", "нет данных", "нет данных"]);
    expect(rows[18 + 3]).toEqual({ factor: "7. Пониженный уровень школьного благополучия", parameter: "Ситуации конфликтов и буллинга в школе (по ответам учащихся)", result: "25 %", fixed: "да" });
    expect(rows[12]!.result).toBe("3 из 4");
    expect(rows[11]!.result).toBe("меньше 5 ответов");
    expect(rows[0]!.result).toBe("нет данных");
  });

  it("настройки района читаются словами: правило фактора, зона риска и обоснование каждого порога", () => {
    const text = settingsText(DEFAULT_RISK_SETTINGS);
    expect(text).toContain("1. Низкий уровень оснащения: риск фиксируется, если за порогом не меньше половины параметров, по которым есть данные.");
    expect(text).toContain("7.1 Ситуации конфликтов и буллинга в школе (по ответам учащихся): риск при ≥ 20 % — ");
    for (const parameter of RISK_PARAMETERS) expect(text).toContain(`${parameter.number} ${parameter.name}: риск при ${DOCUMENTED[parameter.key]} — ${DEFAULT_RISK_SETTINGS.parameters[parameter.key].note}`);
    const off = withSettings((s) => void (s.parameters["parent.studySupport"].enabled = false));
    expect(settingsText(off)).toContain("10.2 Проявление родителями поддержки детей в учебе: не учитывается");
  });
});
