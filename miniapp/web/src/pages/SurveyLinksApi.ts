/**
 * The Mini App's client for anonymous respondents' links and class codes (#13): the routes of
 * miniapp/api/routes/anonymous.ts and the shapes they answer with, and the page's Russian texts.
 * Loaded with the page only, never on the first screen.
 */
import { apiFetch, readJson } from "../api.ts";

export interface SchoolLinkView {
  token: string;
  audience: "parent" | "student";
  webUrl: string;
  telegram: string | null;
  max: string | null;
}

export interface AnonymousOverview {
  campaign: { id: string; title: string; audience: "parent" | "student" | null; open: boolean; opensAt: string; closesAt: string };
  notAnonymous: string | null;
  schools: Array<{
    id: string;
    name: string;
    link: SchoolLinkView | null;
    classes: Array<{ label: string; issued: number; used: number }>;
    issued: number;
    used: number;
  }>;
}

const path = (campaignId: string, rest = "") => `/campaigns/${encodeURIComponent(campaignId)}${rest}`;

async function file(response: Response, fallback: string): Promise<{ blob: Blob; filename: string }> {
  if (!response.ok) return readJson<never>(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  return { blob: await response.blob(), filename: named?.[1] ? decodeURIComponent(named[1]) : fallback };
}

export interface AnonymousCampaignItem {
  id: string;
  title: string;
  audience: "parent" | "student";
  open: boolean;
  opensAt: string;
  closesAt: string;
}

export const linksApi = {
  campaigns: async () => readJson<{ campaigns: AnonymousCampaignItem[] }>(await apiFetch("/anonymous/campaigns")),
  overview: async (campaignId: string) => readJson<AnonymousOverview>(await apiFetch(path(campaignId, "/anonymous"))),
  createLink: async (campaignId: string, schoolId: string) =>
    readJson<{ link: SchoolLinkView; qrSvg: string }>(await apiFetch(path(campaignId, `/schools/${encodeURIComponent(schoolId)}/link`), { method: "POST" })),
  qrPng: async (campaignId: string, schoolId: string) => file(await apiFetch(path(campaignId, `/schools/${encodeURIComponent(schoolId)}/qr.png`)), "qr.png"),
  issueCodes: async (campaignId: string, schoolId: string, classes: Array<{ label: string; count: number }>, format: "html" | "xlsx") =>
    file(
      await apiFetch(path(campaignId, `/schools/${encodeURIComponent(schoolId)}/class-codes`), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ classes, format }),
        timeoutMs: 60_000,
      }),
      format === "xlsx" ? "codes.xlsx" : "codes.html",
    ),
};

const TEXT = {
  title: "Ссылки и коды для анонимного опроса",
  listTitle: "Опросы родителей и учеников",
  listEmpty: "Сейчас нет опросов родителей или учеников. Их открывает РУО; когда опрос появится, здесь можно будет выдать ссылку и коды.",
  until: (date: string) => `до ${date}`,
  from: (date: string) => `начнётся ${date}`,
  parents: "Отвечают родители",
  students: "Отвечают ученики",
  open: "Опрос идёт",
  notOpen: "Опрос сейчас не идёт",
  howItWorks:
    "У каждой школы своя ссылка и QR-код: по ним открывается страница опроса (без мессенджера) или бот. " +
    "Чтобы ответ был один на человека, каждому выдаётся одноразовый код класса. Коды показываются один раз — в файле, который вы скачаете; в системе хранится только их отпечаток, а не то, кто отвечал.",
  noReminders: "Напоминаний родителям и ученикам не будет: у них нет аккаунтов в боте. Раздайте коды и напомните в родительских чатах сами.",
  noSchools: "В опросе нет школ, для которых вы можете выдавать коды.",
  makeLink: "Создать ссылку школы",
  webLink: "Страница опроса",
  telegram: "Telegram",
  max: "MAX",
  copy: "Скопировать",
  copied: "Скопировано",
  qrDownload: "Скачать QR-код (PNG)",
  codes: (used: number, issued: number) => `Кодов использовано: ${used} из ${issued}`,
  classLine: (label: string, used: number, issued: number) => `${label}: ${used} из ${issued}`,
  issueTitle: "Выдать коды",
  classLabel: "Класс",
  count: "Кодов",
  addClass: "Ещё класс",
  remove: "Убрать",
  sheetHtml: "Скачать лист для печати",
  sheetXlsx: "Скачать в Excel",
  issuing: "Готовим коды…",
  issuedNote: "Коды выданы. Сохраните файл: второй раз эти коды показать нельзя.",
  badRows: "Укажите класс (например, 5А) и число кодов от 1 до 60 в каждой строке.",
} as const;

export const tl = <K extends keyof typeof TEXT>(key: K): (typeof TEXT)[K] => TEXT[key];
