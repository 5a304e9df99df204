// The risk profile against seed 004's appendix «Рисковый профиль школы (разработан на основе материалов проекта 500+)»
// (DOMAIN.md §6, issue #13 §6): ten factors, 31 parameters (5+3+5+2+3+3+3+2+2+3), the seed's wording.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FACTOR_IDS, RISK_FACTORS, RISK_INSTRUMENTS, RISK_PARAMETERS, SOURCE_KEYS, factorOfParameter, riskParameter } from "../../core/risk-profile/catalog.ts";
import { DEFAULT_RISK_SETTINGS } from "../../core/risk-profile/settings.ts";

/**
 * The seed's table as it stands (columns «Фактор риска» and «Параметр анализа»; «Результат» and «Фиксация риска» are
 * empty in the seed). An empty first cell continues the factor above. Rows 7 and 8 repeat factor 6's heading.
 */
const SEED_TABLE: Array<[string, string]> = [
  ["Низкий уровень оснащение", "Учебные материалы"],
  ["", "Цифровое оборудование"],
  ["", "Качество интернет-соединения"],
  ["", "Дефициты оснащения зданий и помещения"],
  ["", "Состояние классов и кабинетов"],
  ["Дефицит педагогических кадров", "Нехватка педагогов"],
  ["", "Нехватка психологов, логопедов, социальных педагогов"],
  ["", "Нехватка вспомогательного персонала"],
  ["Недостаточная предметная и методическая компетентность педагогических работников", "Оценка профессиональных компетенций педагогов"],
  ["", "Участие педагогов в системе обмена опытом"],
  ["", "Использование современных педагогических технологий"],
  ["", "Доля родителей, неудовлетворенных преподаванием предметов"],
  ["", "Уверенность учителей в своей педагогической компетентности"],
  ["Высокая доля обучающихся с ограниченными возможностями здоровья (далее – ОВЗ)", "Доля обучающихся с ОВЗ"],
  ["", "Доля учителей, испытывающих неуверенность при работе с обучающимся с ОВЗ"],
  ["Низкое качество преодоления языковых и культурных барьеров", "Доля обучающихся, для которых русский язык не является родным или языком повседневного общения (по данным администрации школы)"],
  ["", "Доля обучающихся, для которых русский язык не является языком повседневного общения (по данным администрации школы)"],
  ["", "Дополнительные занятия для обучающихся, для которых русский язык не является родным или языком повседневного общения"],
  ["Низкая учебная мотивация обучающихся", "Оценка мотивации обучающихся учителями"],
  ["", "Уровень мотивации обучающихся (по ответам обучающихся)"],
  ["", "Учет индивидуальных возможностей в учебном процессе"],
  ["Низкая учебная мотивация обучающихся", "Ситуации конфликтов и буллинга в школе (по ответам учащихся)"],
  ["", "Отношения в педагогическом коллективе (по ответам учителей)"],
  ["", "Доля обучающихся, столкнувшихся с несправедливым отношением учителей к себе"],
  ["Низкая учебная мотивация обучающихся", "Частота нарушения дисциплины в школе (по ответам обучающихся)"],
  ["", "Оценка уровня дисциплины в школе (по ответам учителей)"],
  ["Высокая доля обучающихся с рисками учебной неуспешности", "Доля обучающихся с низким индексом социального благополучия"],
  ["", "Доля обучающихся, которым учителя рекомендуют дополнительные занятия с целью ликвидации отставания от учебной программы"],
  ["Низкий уровень вовлеченности родителей", "Степень незаинтересованности учебным процессом со стороны родителей"],
  ["", "Проявление родителями поддержки детей в учебе"],
  ["", "Доля родителей, регулярно посещающих родительские собрания"],
];

const SEEDS = path.resolve("..", "shared", "seeds");
const SEED_FILE = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((name) => name.startsWith("004_")).map((name) => path.join(SEEDS, name))[0] : undefined;

/** Group the seed's rows by factor: a new factor starts at a non-empty first cell. */
const seedFactors = () => {
  const groups: Array<{ heading: string; parameters: string[] }> = [];
  for (const [heading, parameter] of SEED_TABLE) {
    if (heading) groups.push({ heading, parameters: [] });
    groups.at(-1)!.parameters.push(parameter);
  }
  return groups;
};

describe("рисковый профиль: таблица приложения к концепции (программа 004)", () => {
  it("10 факторов и 31 параметр: 5+3+5+2+3+3+3+2+2+3", () => {
    expect(seedFactors().map((group) => group.parameters.length)).toEqual([5, 3, 5, 2, 3, 3, 3, 2, 2, 3]);
    expect(RISK_FACTORS.map((factor) => factor.parameters.length)).toEqual([5, 3, 5, 2, 3, 3, 3, 2, 2, 3]);
    expect(RISK_PARAMETERS).toHaveLength(31);
    expect(RISK_FACTORS.map((factor) => factor.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(RISK_FACTORS.map((factor) => factor.id)).toEqual([...FACTOR_IDS]);
  });

  it("каждый фактор и каждый параметр записаны словами программы, в её порядке", () => {
    const seed = seedFactors();
    RISK_FACTORS.forEach((factor, index) => {
      expect(factor.seedText, `фактор ${factor.number}`).toBe(seed[index]!.heading);
      expect(factor.parameters.map((parameter) => parameter.seedText), `фактор ${factor.number}`).toEqual(seed[index]!.parameters);
      factor.parameters.forEach((parameter, i) => expect(parameter.number).toBe(`${factor.number}.${i + 1}`));
    });
  });

  // The seeds sit beside the checkout (../shared/seeds) on the team's machines; elsewhere the embedded table stands.
  it.runIf(SEED_FILE)("таблица в тесте совпадает с файлом программы 004 слово в слово", () => {
    const lines = fs.readFileSync(SEED_FILE!, "utf8").split("\n");
    const start = lines.findIndex((line) => line.startsWith("Фактор риска\tПараметр анализа\tРезультат\tФиксация риска"));
    expect(start).toBeGreaterThan(0);
    const rows: Array<[string, string]> = [];
    for (const line of lines.slice(start + 1)) {
      if (line.startsWith("Начальник")) break;
      if (!line.trim()) continue;
      const [heading, parameter, result, fixed] = line.split("\t");
      expect([result, fixed], "столбцы «Результат» и «Фиксация риска» в программе пусты").toEqual(["", ""]);
      rows.push([heading!, parameter!]);
    }
    expect(rows).toEqual(SEED_TABLE);
  });

  it("фактор 7 — «пониженный уровень школьного благополучия», фактор 8 — «низкий уровень дисциплины в классах» (в таблице программы над ними повторён заголовок фактора 6)", () => {
    const [, , , , , f6, f7, f8] = RISK_FACTORS;
    expect(f7!.name).toBe("Пониженный уровень школьного благополучия");
    expect(f8!.name).toBe("Низкий уровень дисциплины в классах");
    expect(f6!.name).toBe("Низкая учебная мотивация обучающихся");
    expect([f7!.seedText, f8!.seedText]).toEqual([f6!.seedText, f6!.seedText]);
    expect(f7!.parameters.map((parameter) => parameter.key)).toEqual(["student.bullying", "teacher.staffRelations", "student.unfairTreatment"]);
    expect(f8!.parameters.map((parameter) => parameter.key)).toEqual(["student.disciplineViolations", "teacher.disciplineLevel"]);
  });

  it("языковой параметр 5.1: русский язык не родной ИЛИ не язык повседневного общения; 5.2 — только не язык общения", () => {
    const either = riskParameter("card.russianNotNativeOrEveryday");
    expect(either.number).toBe("5.1");
    expect(either.name).toContain("не является родным или языком повседневного общения");
    expect(either.measure).toMatch(/не родной ИЛИ не язык повседневного общения/);
    expect(either.measure).not.toMatch(/ И не/);
    const everyday = riskParameter("card.russianNotEveryday");
    expect(everyday.name).toContain("не является языком повседневного общения");
    expect(everyday.name).not.toContain("родным");
    expect(riskParameter("card.russianSupportCoverage").name).toContain("не является родным или языком повседневного общения");
  });

  it("названия для людей — слова программы; отличия только в описках и в «(далее – ОВЗ)»", () => {
    const differs = Object.fromEntries(
      [...RISK_FACTORS.map((factor) => [`${factor.number}`, [factor.seedText, factor.name]] as const), ...RISK_PARAMETERS.map((parameter) => [parameter.number, [parameter.seedText, parameter.name]] as const)].filter(
        ([, [seed, name]]) => seed !== name,
      ),
    );
    expect(differs).toEqual({
      "1": ["Низкий уровень оснащение", "Низкий уровень оснащения"],
      "4": ["Высокая доля обучающихся с ограниченными возможностями здоровья (далее – ОВЗ)", "Высокая доля обучающихся с ограниченными возможностями здоровья (ОВЗ)"],
      "7": ["Низкая учебная мотивация обучающихся", "Пониженный уровень школьного благополучия"],
      "8": ["Низкая учебная мотивация обучающихся", "Низкий уровень дисциплины в классах"],
      "1.4": ["Дефициты оснащения зданий и помещения", "Дефициты оснащения зданий и помещений"],
      "4.2": ["Доля учителей, испытывающих неуверенность при работе с обучающимся с ОВЗ", "Доля учителей, испытывающих неуверенность при работе с обучающимися с ОВЗ"],
    });
  });

  it("источник каждого параметра — тот, что назван в программе: «по ответам обучающихся» — анкета обучающихся, «по ответам учителей» — учителей, «по данным администрации» — карта самоанализа, доля родителей — анкета родителей", () => {
    for (const parameter of RISK_PARAMETERS) {
      const said = parameter.seedText;
      if (/по ответам (обучающихся|учащихся)/.test(said)) expect(parameter.source, said).toBe("student");
      if (/по ответам учителей/.test(said)) expect(parameter.source, said).toBe("teacher");
      if (/по данным администрации/.test(said)) expect(parameter.source, said).toBe("card");
      if (/^Доля родителей/.test(said)) expect(parameter.source, said).toBe("parent");
      if (/^Оценка мотивации обучающихся учителями|^Доля учителей|^Уверенность учителей/.test(said)) expect(parameter.source, said).toBe("teacher");
    }
    // Equipment and staff are what the administration knows: the whole of factors 1 and 2 come from the card.
    expect(RISK_FACTORS.slice(0, 2).flatMap((factor) => factor.parameters.map((parameter) => parameter.source))).toEqual(Array(8).fill("card"));
  });

  it("ключ источника стабилен и уникален: «<анкета>.<поле>», анкета — одна из четырёх, и все четыре используются", () => {
    expect(new Set(SOURCE_KEYS).size).toBe(31);
    expect(RISK_PARAMETERS.map((parameter) => parameter.key)).toEqual([...SOURCE_KEYS]);
    for (const parameter of RISK_PARAMETERS) {
      expect(parameter.key).toMatch(/^(card|teacher|student|parent)\.[a-z][A-Za-z0-9]+$/);
      expect(parameter.key.startsWith(`${parameter.source}.`)).toBe(true);
      expect(factorOfParameter(parameter.key).parameters).toContain(parameter);
      expect(parameter.measure.length).toBeGreaterThan(20);
      expect(parameter.short.length).toBeLessThanOrEqual(40);
    }
    expect(new Set(RISK_PARAMETERS.map((parameter) => parameter.source))).toEqual(new Set(RISK_INSTRUMENTS));
    expect(new Set(RISK_PARAMETERS.map((parameter) => parameter.short)).size).toBe(31);
  });

  it("у каждого из 31 параметра есть наш порог по умолчанию с обоснованием (в программе порогов нет)", () => {
    for (const parameter of RISK_PARAMETERS) {
      const setting = DEFAULT_RISK_SETTINGS.parameters[parameter.key];
      expect(setting.enabled, parameter.key).toBe(true);
      expect(setting.note?.length ?? 0, parameter.key).toBeGreaterThan(20);
      expect(setting.threshold === null, parameter.key).toBe(parameter.kind === "flag");
    }
    expect(Object.values(DEFAULT_RISK_SETTINGS.factors)).toEqual(Array(10).fill({ rule: "half" }));
  });
});
