/**
 * Strings of the routes (ИОМ) pages: the teacher's route, the course catalog, team routes and the
 * methodologist's aggregates. Kept apart from messages/ru.ts so that they load with those pages only.
 */
import type { Bounded, DeficitLevel } from "../api.ts";

const bounded = (figure: Bounded, unit = "") => `${figure.bound === "le" ? "≤ " : figure.bound === "ge" ? "≥ " : ""}${figure.value}${unit}`;

export const rt = {
  routeTitle: "Мой образовательный маршрут (ИОМ)",
  routeNone: "Маршрут строится по результатам диагностики профессиональных дефицитов. Пройдите её в боте (/diagnostic), и маршрут появится здесь.",
  routeBasedOn: (campaign: string, date: string) => `По диагностике «${campaign}» от ${date}. Маршрут видите только вы.`,
  deficitsHeader: "Дефициты",
  noDeficits: "Выраженных дефицитов нет: курсы не обязательны.",
  levels: { pronounced: "выраженный", moderate: "умеренный", none: "нет" } satisfies Record<DeficitLevel, string>,
  itemsHeader: "Пункты маршрута",
  empty: "В маршруте пока нет пунктов: в каталоге района нет курсов по вашим дефицитам.",
  kind: { course: "Курс", seminar: "Семинар", tutor: "Тьютор" },
  hours: (n: number) => `${n} ч`,
  doneOn: (date: string) => `Пройдено ${date}`,
  markDone: "Отметить пройденным",
  undo: "Снять отметку",
  certificateLink: "Ссылка на сертификат",
  certificateLinkSave: "Сохранить ссылку",
  certificateFile: "Файл сертификата (PDF, JPG, PNG до 5 МБ)",
  certificateOpen: "Скачать сертификат",
  certificateHas: (name: string) => `Сертификат: ${name}`,
  saving: "Сохраняем…",
  saved: "Сохранено",
  dynamicsHeader: "Моя динамика",
  dynamicsShow: "Показать динамику",
  dynamicsLine: (before: number, after: number) => `${before} → ${after}`,
  dynamicsHint: "Дефицит по областям между двумя последними диагностиками: меньше — лучше.",
  attributesHeader: "Обо мне (необязательно)",
  attributesHint: (min: number) =>
    `Помогает подбирать помощь группам педагогов. Эти сведения видите только вы; методист института видит лишь итоги групп не меньше чем из ${min} человек.`,
  serviceYears: "Педагогический стаж, лет",
  category: "Квалификационная категория",
  categories: { "": "не указано", none: "без категории", first: "первая", highest: "высшая" },
  young: "Молодой педагог",
  newlyArrived: "Вновь прибывший",
  tri: { "": "не указано", yes: "да", no: "нет" },
  saveAttributes: "Сохранить",
  badYears: "Стаж — целое число от 0 до 60.",

  coursesTitle: "Каталог курсов (КПК)",
  coursesUpload: "Загрузить каталог (XLSX или CSV)",
  coursesUploadHint:
    "Столбцы: «Название», «Организатор», «Часы», «Компетенции» (через «;»: ФГОС, ВПР, функциональная грамотность, неуспешность, ОВЗ, билингвы, результаты оценочных процедур, технологии, выгорание, управленческая команда), «Даты» или «Начало» и «Окончание», «Ссылка». Загрузка заменяет каталог целиком; при любой ошибке ничего не записывается.",
  coursesEmpty: "Каталог пуст.",
  coursesCount: (n: number) => `Курсов в каталоге: ${n}`,
  teamRoutesHeader: (year: number) => `ИОМ управленческих команд, ${year}`,
  teamRoutesEmpty: "Руководители школ ещё не составили черновики.",
  approvalRef: "Реквизиты приказа",
  approvalPlaceholder: "Приказ РУО № 123 от 15.06.2026",
  approve: "Утвердить",
  approved: (ref: string, date: string) => `Утверждён: ${ref} (${date})`,
  notApproved: "Не утверждён",

  teamTitle: "ИОМ управленческой команды",
  teamHint: "Составляется в июне по дефицитам педагогов школы (только сводные данные) и темам ВПР с низкой решаемостью; утверждается приказом РУО.",
  teamNone: "Черновика на этот год нет.",
  teamDraft: "Составить черновик",
  teamRedraft: "Пересоставить (пройденное останется, утверждение снимется)",

  methodologistTitle: "Дефициты педагогов по группам",
  methodologistHint: (min: number) =>
    `Средний дефицит (0–100) и доля педагогов с выраженным дефицитом. Ячейка из меньше чем ${min} ответов скрыта; группы, которые отличаются от других на нескольких человек, тоже скрыты — чтобы нельзя было вычислить ответы одного педагога.`,
  methodologistNone: "В районе ещё не было диагностики.",
  methodologistCampaign: (title: string) => `Диагностика: ${title}`,
  hidden: "скрыто",
  cell: (mean: Bounded, share: Bounded, n: number) => `${bounded(mean)} · ${bounded(share, " %")} выраж. · n=${n}`,
};
