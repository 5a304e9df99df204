/**
 * The Mini App's client for the risk profile (#13 §6): the routes of miniapp/api/routes/risk-profile.ts and the
 * shapes they answer with (core/services/risk-profile.ts, restated here: the web app does not import the
 * server's code), and the pages' Russian texts. Loaded with the risk pages only, never on the first screen.
 */
import { apiFetch, readJson } from "../api.ts";

export type FactorId = "equipment" | "staff" | "competence" | "disabilities" | "language" | "motivation" | "wellbeing" | "discipline" | "failureRisk" | "parents";
export type FactorRisk = "fixed" | "not_fixed" | "no_data";
export type Instrument = "card" | "teacher" | "student" | "parent";

export interface ParameterView {
  key: string;
  number: string;
  name: string;
  measure: string;
  source: string;
  kind: string;
  direction: string;
  result: string;
  threshold: string;
  enabled: boolean;
  crossed: boolean | null;
  districtValue: string | null;
}

export interface FactorView {
  id: FactorId;
  number: number;
  name: string;
  risk: FactorRisk;
  riskName: string;
  fixedCell: string;
  rule: string;
  explanation: string;
  crossed: number;
  withData: number;
  score: number | null;
  districtScore: number | null;
  parameters: ParameterView[];
}

export interface RiskProfileView {
  school: { id: string; name: string; code: string | null };
  districtId: string;
  year: number;
  yearLabel: string;
  currentYear: number;
  years: number[];
  profile: null | {
    computedAt: string;
    settingsVersion: number;
    minRespondents: number;
    fixed: number;
    noData: number;
    respondents: Partial<Record<Instrument, number>>;
    districtSchools: number;
    factors: FactorView[];
  };
  history: Array<{ year: number; yearLabel: string; settingsVersion: number; fixed: number; noData: number; scores: Record<FactorId, number | null> }>;
  chatText: string | null;
}

export interface DistrictRiskView {
  district: { id: string; name: string };
  year: number;
  yearLabel: string;
  currentYear: number;
  years: number[];
  schools: Array<{ id: string; name: string; code: string | null; profile: null | { fixed: number; noData: number; settingsVersion: number; computedAt: string; fixedFactors: string[] } }>;
  averages: Record<FactorId, number | null> | null;
  fixedBySchool: Record<FactorId, number>;
}

export type FactorRule = { rule: "half" } | { rule: "atLeast"; count: number };
export interface ParameterSetting {
  threshold: number | null;
  enabled: boolean;
  note?: string;
}
export interface RiskSettings {
  version: number;
  minRespondents: number;
  parameters: Record<string, ParameterSetting>;
  factors: Record<FactorId, FactorRule>;
}

export interface RiskSettingsView {
  districtId: string;
  version: number;
  stored: boolean;
  note: string | null;
  createdAt: string | null;
  settings: RiskSettings;
  text: string;
  versions: Array<{ version: number; note: string | null; createdAt: string }>;
  minRespondentsFloor: number;
  catalog: Array<{
    id: FactorId;
    number: number;
    name: string;
    parameters: Array<{ key: string; number: string; name: string; kind: "share" | "scale" | "per100" | "flag"; kindName: string; directionName: string; higherWorse: boolean; measure: string; source: string }>;
  }>;
}

const get = async <T>(path: string) => readJson<T>(await apiFetch(path));
const post = async <T>(path: string, body: unknown) =>
  readJson<T>(await apiFetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));
const yearQuery = (year?: number) => (year ? `?year=${year}` : "");

export const riskApi = {
  school: (schoolId: string, year?: number) => get<RiskProfileView>(`/schools/${encodeURIComponent(schoolId)}/risk-profile${yearQuery(year)}`),
  district: (districtId: string, year?: number) => get<DistrictRiskView>(`/districts/${encodeURIComponent(districtId)}/risk-profiles${yearQuery(year)}`),
  recompute: (districtId: string, year: number) => post<DistrictRiskView>(`/districts/${encodeURIComponent(districtId)}/risk-profiles/recompute`, { year }),
  settings: (districtId: string) => get<RiskSettingsView>(`/districts/${encodeURIComponent(districtId)}/risk-settings`),
  saveSettings: (districtId: string, settings: Omit<RiskSettings, "version">, note: string) =>
    post<RiskSettingsView>(`/districts/${encodeURIComponent(districtId)}/risk-settings`, { settings, note }),
};

/** Short axis labels of the radar, in the catalog's order (the full names are in the table). */
export const FACTOR_SHORT: Record<FactorId, string> = {
  equipment: "Оснащение",
  staff: "Кадры",
  competence: "Компетентность",
  disabilities: "ОВЗ",
  language: "Язык",
  motivation: "Мотивация",
  wellbeing: "Благополучие",
  discipline: "Дисциплина",
  failureRisk: "Неуспешность",
  parents: "Родители",
};
export const FACTOR_ORDER = Object.keys(FACTOR_SHORT) as FactorId[];

export const RISK_COLORS: Record<FactorRisk, string> = { fixed: "#d93025", not_fixed: "#2e7d32", no_data: "#9e9e9e" };

const percent = (share: number) => `${Math.round(share * 100)} %`;
const dateTime = (iso: string) => new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));

export const rt = {
  title: "Рисковый профиль школы",
  districtTitle: "Рисковые профили школ",
  settingsTitle: "Настройки рискового профиля",
  year: (label: string) => `Учебный год ${label}`,
  computed: (at: string, version: number) => `Рассчитан ${dateTime(at)} · настройки района, версия ${version}`,
  summary: (fixed: number, total: number, noData: number) =>
    fixed === 0 ? `Риск не зафиксирован ни по одному фактору${noData ? `; нет данных по ${noData}` : ""}.` : `Риск зафиксирован по факторам: ${fixed} из ${total}${noData ? `; нет данных по ${noData}` : ""}.`,
  respondents: (r: Partial<Record<Instrument, number>>) =>
    `Ответили: учителей — ${r.teacher ?? 0}, обучающихся — ${r.student ?? 0}, родителей — ${r.parent ?? 0}.`,
  minimum: (n: number) => `Анкета, на которую ответили меньше ${n} человек, не учитывается: её параметры — «меньше ${n} ответов».`,
  noProfile: (label: string) =>
    `За ${label} данных пока нет. Профиль строится по карте самоанализа школы (заполняет руководитель) и анкетам учителей, обучающихся и родителей этого учебного года.`,
  radar: "Факторы риска: школа и среднее по району",
  radarHint: (schools: number) =>
    `Для каждого фактора — доля его параметров за порогом (0 % — ни одного, 100 % — все). Среднее по району — по ${schools} школ(ам) с профилем за этот год.`,
  school: "Школа",
  districtAverage: "Среднее по району",
  table: "Таблица профиля",
  tableHint: "Порог — граница зоны риска (входит в неё). Нажмите на фактор, чтобы прочитать правило и объяснение.",
  colFactor: "Фактор риска",
  colParameter: "Параметр анализа",
  colResult: "Результат",
  colThreshold: "Порог",
  colDistrict: "По району",
  colFixed: "Фиксация риска",
  rule: "Правило",
  why: "Почему",
  history: "История по годам",
  historyRow: (fixed: number, noData: number, version: number) => `факторов риска — ${fixed}${noData ? `, нет данных — ${noData}` : ""} · настройки v${version}`,
  otherYears: "Другие годы",
  chat: "Так профиль выглядит в чате (/risk)",
  // ---- district ----
  schoolsHeader: (label: string) => `Школы района, ${label}`,
  schoolLine: (fixed: number, noData: number) => `факторов риска — ${fixed}${noData ? ` · нет данных — ${noData}` : ""}`,
  schoolNoProfile: "профиля нет: ни карты самоанализа, ни анкет за этот год",
  fixedBy: "Сколько школ с зафиксированным риском",
  fixedByRow: (n: number) => `школ: ${n}`,
  recompute: "Пересчитать профили",
  recomputing: "Пересчитываем…",
  recomputeHint: "Профили текущего года пересчитываются при каждом открытии школы; пересчёт обновит все школы сразу по текущим настройкам.",
  settingsLink: "Пороги и правила района",
  // ---- settings ----
  version: (v: number, stored: boolean) => (stored ? `Текущая версия: ${v}` : "Действуют настройки по умолчанию"),
  minRespondents: "Минимум ответов на анкету",
  minRespondentsHint: (floor: number) => `Не меньше ${floor}: так требуют правила публикации данных.`,
  threshold: "Порог",
  enabled: "Учитывать",
  ruleHalf: "Не меньше половины параметров с данными",
  ruleAtLeast: (n: number) => `Не меньше ${n} за порогом`,
  flagThreshold: "Параметр «да/нет»: порога нет",
  sharePercent: "Порог, %",
  thresholdHeader: (share: boolean, higherWorse: boolean) => `${share ? "Порог, %" : "Порог"} (риск при ${higherWorse ? "≥" : "≤"})`,
  note: "Что изменили и почему (сохраняется с версией)",
  save: "Сохранить новую версию",
  saving: "Сохраняем…",
  saved: (v: number) => `Сохранено: версия ${v}. Новые расчёты профиля пойдут по ней; прошлые профили остаются со своей версией.`,
  versions: "Версии настроек",
  versionRow: (v: number, at: string) => `Версия ${v} · ${dateTime(at)}`,
  percent,
};
