import { RISK_FACTORS, SCALE_MAX, type Direction, type RiskInstrument, type ValueKind } from "../risk-profile/catalog.ts";
import type { FactorResult, FactorRisk, MissingReason, ParameterResult, RiskProfile } from "../risk-profile/profile.ts";
import type { FactorRule, RiskSettings } from "../risk-profile/settings.ts";

/** Russian texts of the risk profile (DOMAIN.md §6). Factor and parameter names live in core/risk-profile/catalog.ts. */

/** The seed's table heading and columns. */
export const RISK_TABLE = {
  title: "Рисковый профиль школы",
  factor: "Фактор риска",
  parameter: "Параметр анализа",
  result: "Результат",
  fixed: "Фиксация риска",
} as const;

export const INSTRUMENT_NAMES: Record<RiskInstrument, string> = {
  card: "карта самоанализа школы (заполняет администрация)",
  teacher: "анкета учителей",
  student: "анкета обучающихся",
  parent: "анкета родителей",
};

export const KIND_NAMES: Record<ValueKind, string> = {
  share: "доля, %",
  scale: `среднее по шкале 1–${SCALE_MAX}`,
  per100: "на 100 обучающихся",
  flag: "да / нет",
};

export const DIRECTION_NAMES: Record<Direction, string> = {
  higherWorse: "чем больше, тем хуже",
  higherBetter: "чем больше, тем лучше",
};

export const RISK_NAMES: Record<FactorRisk, string> = {
  fixed: "риск зафиксирован",
  not_fixed: "риск не зафиксирован",
  no_data: "нет данных",
};

/** The «Фиксация риска» cell. */
export const RISK_CELL: Record<FactorRisk, string> = { fixed: "да", not_fixed: "нет", no_data: "нет данных" };

export const RISK_PROFILE_BUTTON = "Открыть рисковый профиль";

const plural = (n: number, forms: [string, string, string]) => {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  return a > 10 && a < 20 ? forms[2] : b === 1 ? forms[0] : b >= 2 && b <= 4 ? forms[1] : forms[2];
};
const parametersWord = (n: number) => plural(n, ["параметра", "параметров", "параметров"]);
const factorsDative = (n: number) => plural(n, ["фактору", "факторам", "факторам"]);

/** 2.456 → "2,5"; 3 → "3"; at most `digits` decimals, no trailing zeros. */
export const num = (x: number, digits = 1) => {
  const rounded = Math.round(x * 10 ** digits) / 10 ** digits;
  return (Object.is(rounded, -0) ? 0 : rounded).toString().replace(".", ",").replace("-", "−");
};

/** A value as people read it: "12,5 %", "2,4 из 4", "7 на 100 обучающихся", "да". */
export function formatValue(kind: ValueKind, value: number | boolean): string {
  if (typeof value === "boolean") return value ? "да" : "нет";
  switch (kind) {
    case "share":
      return `${num(value * 100)} %`;
    case "scale":
      return `${num(value, 2)} из ${SCALE_MAX}`;
    case "per100":
      return `${num(value)} на 100 обучающихся`;
    case "flag":
      return value ? "да" : "нет";
  }
}

/** The risk zone: "≥ 20 %", "≤ 2,5 из 4", "«да»". */
export function formatThreshold(kind: ValueKind, direction: Direction, threshold: number | null): string {
  if (kind === "flag" || threshold === null) return direction === "higherWorse" ? "«да»" : "«нет»";
  return `${direction === "higherWorse" ? "≥" : "≤"} ${formatValue(kind, threshold)}`;
}

export const MISSING_NAMES = (reason: MissingReason, minRespondents: number): string =>
  reason === "disabled" ? "не учитывается районом" : reason === "few_respondents" ? `меньше ${minRespondents} ответов` : "нет данных";

/** The «Результат» cell: the value, or why there is none. */
export const resultCell = (parameter: ParameterResult, minRespondents: number): string =>
  parameter.value === null ? MISSING_NAMES(parameter.missing ?? "no_value", minRespondents) : formatValue(parameter.kind, parameter.value);

/** The rule, in words a district can read. */
export function ruleText(rule: FactorRule): string {
  return rule.rule === "half"
    ? "риск фиксируется, если за порогом не меньше половины параметров, по которым есть данные"
    : rule.count === 1
      ? "риск фиксируется, если за порогом хотя бы один параметр"
      : `риск фиксируется, если за порогом не меньше ${rule.count} ${parametersWord(rule.count)}`;
}

/** How a parameter reads against its threshold: "интернет — 2 из 4 (порог ≤ 2 из 4)"; a yes/no one: "здания и помещения — да". */
const against = (parameter: ParameterResult) =>
  parameter.kind === "flag"
    ? `${parameter.short} — ${formatValue(parameter.kind, parameter.value!)}`
    : `${parameter.short} — ${formatValue(parameter.kind, parameter.value!)} (порог ${formatThreshold(parameter.kind, parameter.direction, parameter.threshold)})`;

const sources = (parameters: ParameterResult[]) => [...new Set(parameters.map((parameter) => INSTRUMENT_NAMES[parameter.source]))].join(", ");

type FactorFacts = Omit<FactorResult, "explanation">;

/** Why a factor's risk is what it is: one or two sentences for a head. */
export function explainFactor(factor: FactorFacts, minRespondents: number): string {
  const total = factor.parameters.length;
  const crossed = factor.parameters.filter((parameter) => parameter.crossed === true);
  const empty = factor.parameters.filter((parameter) => parameter.crossed === null);
  const few = empty.filter((parameter) => parameter.missing === "few_respondents");
  const fewSources = sources(few);
  const lack = few.length ? ` ${fewSources[0]!.toUpperCase()}${fewSources.slice(1)}: меньше ${minRespondents} ответов, эти данные не учитываются.` : "";
  if (factor.risk === "no_data") {
    const needed = empty.filter((parameter) => parameter.missing === "no_value");
    return `Нет данных: ни по одному из ${total} ${parametersWord(total)} нет сведений${needed.length ? `; нужны: ${sources(needed)}` : ""}.${lack}`;
  }
  const data = factor.withData === total ? `из ${total}` : `из ${factor.withData} с данными (всего ${total})`;
  const noValue = empty.filter((parameter) => parameter.missing === "no_value");
  const missingNote = noValue.length ? ` Нет данных: ${noValue.map((parameter) => parameter.short).join(", ")}.` : "";
  if (factor.risk === "fixed") {
    return `Риск зафиксирован: за порогом ${factor.crossed} ${data}, а по правилу достаточно ${factor.needed}: ${crossed.map(against).join("; ")}.${missingNote}${lack}`;
  }
  const head =
    factor.crossed === 0
      ? `Риск не зафиксирован: ни один параметр не за порогом (данные есть по ${factor.withData} из ${total}).`
      : `Риск не зафиксирован: за порогом ${factor.crossed} ${data}, а по правилу нужно не меньше ${factor.needed}: ${crossed.map(against).join("; ")}.`;
  return `${head}${missingNote}${lack}`;
}

export const CHAT_LIMIT = 3500;
const MARK: Record<FactorRisk, string> = { fixed: "❗", not_fixed: "•", no_data: "○" };

export interface ChatTextOptions {
  schoolName: string;
  /** The school year, "2025/26". */
  year?: string;
}

/**
 * The profile in chat for a head: the summary, then each factor on a line; the fixed ones with the parameters over
 * the threshold. Never longer than CHAT_LIMIT: when the details do not fit they are dropped, then the name is cut.
 */
export function riskProfileChatText(profile: RiskProfile, options: ChatTextOptions): string {
  const build = (detailed: boolean, name: string) => {
    const lines = [
      `${RISK_TABLE.title}: ${name}${options.year ? `, ${options.year}` : ""}`,
      profile.fixed === 0
        ? `Риск не зафиксирован ни по одному фактору${profile.noData ? `; нет данных по ${profile.noData}` : ""}.`
        : `Риск зафиксирован по ${profile.fixed} ${factorsDative(profile.fixed)} из ${profile.factors.length}${profile.noData ? `; нет данных по ${profile.noData}` : ""}.`,
      "",
      ...profile.factors.map((factor) => {
        const head = `${MARK[factor.risk]} ${factor.number}. ${factor.name} — ${RISK_NAMES[factor.risk]}`;
        if (factor.risk === "no_data") return head;
        const count = ` (${factor.crossed} из ${factor.withData})`;
        if (factor.risk !== "fixed" || !detailed) return head + count;
        const over = factor.parameters.filter((parameter) => parameter.crossed === true);
        return `${head}${count}: ${over.map((parameter) => `${parameter.short}${parameter.kind === "flag" ? ":" : ""} ${formatValue(parameter.kind, parameter.value!)}`).join("; ")}`;
      }),
      "",
      `Пороги и правило — настройки района${profile.settingsVersion ? ` (версия ${profile.settingsVersion})` : " (по умолчанию)"}. Таблица и радар со средним по району — на странице профиля.`,
    ];
    return lines.join("\n");
  };
  const full = build(true, options.schoolName);
  if (full.length <= CHAT_LIMIT) return full;
  const compact = build(false, options.schoolName);
  if (compact.length <= CHAT_LIMIT) return compact;
  const room = Math.max(20, CHAT_LIMIT - (compact.length - options.schoolName.length) - 1);
  return build(false, `${options.schoolName.slice(0, room)}…`).slice(0, CHAT_LIMIT);
}

/** The ten factors' names in order, for the radar's axes. */
export const RADAR_AXES = RISK_FACTORS.map((factor) => `${factor.number}. ${factor.name}`);

/** One row of the seed's table: the factor's cells only on its first row, as the seed lays it out. */
export interface RiskTableRow {
  factor: string;
  parameter: string;
  result: string;
  fixed: string;
}

/** The profile as the seed's table «Фактор риска · Параметр анализа · Результат · Фиксация риска» (page, export). */
export function riskTableRows(profile: RiskProfile): RiskTableRow[] {
  return profile.factors.flatMap((factor) =>
    factor.parameters.map((parameter, index) => ({
      factor: index === 0 ? `${factor.number}. ${factor.name}` : "",
      parameter: parameter.name,
      result: resultCell(parameter, profile.minRespondents),
      fixed: index === 0 ? RISK_CELL[factor.risk] : "",
    })),
  );
}

/** The district's settings in words, a line per parameter and per factor: "1.1 Учебные материалы: риск при ≤ 95 % — …". */
export function settingsText(settings: RiskSettings): string {
  const lines = [`Настройки рискового профиля${settings.version ? `, версия ${settings.version}` : " по умолчанию"}. Анкеты, на которые ответили меньше ${settings.minRespondents} человек, не учитываются.`];
  for (const factor of RISK_FACTORS) {
    lines.push("", `${factor.number}. ${factor.name}: ${ruleText(settings.factors[factor.id])}.`);
    for (const parameter of factor.parameters) {
      const setting = settings.parameters[parameter.key];
      const zone = setting.enabled ? `риск при ${formatThreshold(parameter.kind, parameter.direction, setting.threshold)}` : "не учитывается";
      lines.push(`${parameter.number} ${parameter.name}: ${zone}${setting.enabled && setting.note ? ` — ${setting.note}` : ""}`);
    }
  }
  return lines.join("\n");
}

/** "2025/26" for the school year that ends in 2026 (years are counted as identification counts them). */
export const schoolYearLabel = (year: number) => `${year - 1}/${String(year % 100).padStart(2, "0")}`;

/** Refusals, notices and the chat texts of the risk profile (core/services/risk-profile.ts, core/journeys/risk-profile.ts). */
export const riskText = {
  schoolNotFound: "Школа не найдена.",
  districtNotFound: "Район не найден.",
  headOwnSchoolOnly: "Руководитель видит рисковый профиль только своей школы.",
  forbidden: "Рисковый профиль видят руководитель школы и специалисты района.",
  districtOnly: "Это могут только специалисты управления образования района.",
  badYear: "Неверный учебный год: укажите год окончания учебного года, например 2026 для 2025/26.",
  settingsInvalid: "Настройки рискового профиля не приняты",
  settingsNoteMissing: "Напишите, что изменилось и почему: заметка сохраняется вместе с версией.",
  settingsBusy: "Настройки только что изменил кто-то другой. Откройте их заново и повторите.",
  minRespondentsTooLow: (min: number) => `минимум ответов не может быть меньше ${min}: так требуют правила публикации данных района`,
  defaultNote: "Настройки по умолчанию (сохранены при первом расчёте профиля).",
  /** A zod issue that is not one of the schema's own Russian messages. */
  wrongSetting: "неверное значение",
  settingPath: (path: string) => (path ? path : "настройки"),

  // ---- chat ----
  command: "Рисковый профиль школы",
  help: "/risk — рисковый профиль вашей школы: десять факторов риска по анкетам и карте самоанализа",
  helpDistrict: "/risk — рисковые профили школ района (сколько факторов риска у каждой)",
  menu: "Рисковый профиль",
  noSurveys: "Рисковый профиль на этом сервере пока не подключён. Сообщите администратору.",
  noData: (schoolName: string, year: string) =>
    `${RISK_TABLE.title}: ${schoolName}, ${year}\nДанных пока нет: профиль строится по карте самоанализа школы и анкетам учителей, обучающихся и родителей этого учебного года.`,
  openPage: RISK_PROFILE_BUTTON,
  refresh: "Обновить",
  districtHeading: (districtName: string, year: string) => `Рисковые профили школ — ${districtName}, ${year}`,
  districtLine: (schoolName: string, fixed: number, noData: number) =>
    `• ${schoolName}: факторов риска — ${fixed}${noData ? `, нет данных — ${noData}` : ""}`,
  districtNoProfiles: "Профилей за этот учебный год ещё нет: они появятся, когда школы заполнят карту самоанализа и пройдут анкеты.",
  districtMore: (count: number) => `…и ещё школ: ${count}. Полный список — в приложении.`,
  districtFooter: "Таблица каждой школы, радар и история — в приложении: страница района → «Рисковые профили».",

  // ---- the notice after the card ----
  cardNotice: (schoolName: string) => `Карта самоанализа заполнена (${schoolName}) — рисковый профиль школы пересчитан.`,
} as const;
