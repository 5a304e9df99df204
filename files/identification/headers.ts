// Loose matching of column titles, the fields each column may carry, and the shapes of the files the
// intake knows: our four templates and the ВПР reports of ФИС ОКО «Аналитика». A title matches in any
// case, with ё or е, with any spaces, line breaks and punctuation, with or without "%" and a unit in
// parentheses, and under any of its known synonyms.
import type { DataKind } from "../../core/identification/types.ts";
import { COLUMN_TITLES, KIND_NAMES, SHAPE_NAMES, type ColumnKey } from "../../core/messages/intake.ts";

export type { DataKind };

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** A title as compared: lower case, е for ё, "%" as a word, everything but letters and digits a space. */
export function headerKey(text: string): string {
  return text
    .replace(INVISIBLE, "")
    .toLocaleLowerCase("ru")
    .replaceAll("ё", "е")
    .replace(/%/g, " процент ")
    .replace(/№/g, " номер ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const UNIT_AT_END = / (?:в )?(?:процент(?:ах|ов)?|чел|человек|шт|да нет|кол во|количество)$/;
const PERCENT_AT_START = /^(?:в )?процент(?:ах|ов)? /;

/** The keys a title may be known by: as written, without the parts in brackets, without a unit. */
export function headerVariants(text: string): string[] {
  const variants = new Set<string>();
  for (const base of [text, text.replace(/\(.*?\)|\[.*?\]/g, " ")]) {
    let key = headerKey(base);
    if (key) variants.add(key);
    for (;;) {
      const next = key.replace(UNIT_AT_END, "").replace(PERCENT_AT_START, "").trim();
      if (next === key || !next) break;
      key = next;
      variants.add(key);
    }
  }
  return [...variants];
}

/** Known titles of each field, beside the template's own title (COLUMN_TITLES). */
const SYNONYMS: Record<ColumnKey, string[]> = {
  schoolCode: ["Код ОО", "Код ОУ", "Код школы", "Код организации", "Код образовательной организации", "Логин ОО", "Логин", "Логин школы", "Код", "Идентификатор ОО", "Код ОО ФИС ОКО"],
  schoolName: [
    "Название ОО", "Наименование ОО", "Название", "Наименование", "Название школы", "Школа", "ОО", "ОУ",
    "Образовательная организация", "Наименование образовательной организации", "Полное наименование ОО",
    "Краткое наименование ОО", "Наименование школы", "Учреждение", "Группы участников", "Группа участников",
  ],
  year: ["Год", "Год проведения", "Учебный год", "Год участия"],
  assessment: ["Процедура", "Оценочная процедура", "Вид оценочной процедуры", "Вид процедуры", "Экзамен", "Форма", "Форма ГИА", "Вид", "Тип процедуры"],
  grade: ["Класс", "Параллель", "Классы"],
  subject: ["Предмет", "Учебный предмет", "Дисциплина"],
  participants: [
    "Участники", "Кол-во участников", "Количество участников", "Число участников", "Участников", "Кол-во участников ВПР",
    "Приняли участие", "Писали работу", "Выполняли работу", "Кол-во писавших", "Сдавали", "Сдававших", "Количество сдававших",
  ],
  meanScore: ["Средний балл", "Ср. балл", "Средний тестовый балл", "Средний первичный балл", "Средняя отметка", "Средний"],
  lowShare: [
    "Ниже порога или «2»", "Доля «2»", "Доля 2", "% 2", "% «2»", "Доля двоек", "Ниже минимального порога", "Ниже порога",
    "Не преодолели минимальный порог", "Не преодолели порог", "Доля не преодолевших минимальный порог", "Доля ниже минимального порога",
    "Доля ниже порога", "Неудовлетворительно", "Доля неудовлетворительных", "Отметка 2", "Получили 2", "Получили «2»", "Не сдали",
  ],
  highShare: [
    "Высокие баллы или «5»", "Доля «5»", "Доля 5", "% 5", "% «5»", "Доля пятерок", "Высокобалльники", "Доля высокобалльников",
    "81-100 баллов", "81-100", "Высокий балл", "Высокие баллы", "Доля высоких баллов", "Отметка 5", "Получили 5", "Получили «5»",
  ],
  vprLowered: ["Понизили", "Понижение", "Понизили отметку", "Доля понизивших", "Отметка ниже отметки по журналу", "Отметка < отметки по журналу"],
  vprConfirmed: ["Подтвердили", "Подтверждение", "Подтвердили отметку", "Доля подтвердивших", "Отметка равна отметке по журналу", "Отметка = отметке по журналу"],
  vprRaised: ["Повысили", "Повышение", "Повысили отметку", "Доля повысивших", "Отметка выше отметки по журналу", "Отметка > отметки по журналу"],
  mark2: ["2", "«2»", "Отметка 2", "Отметка «2»", "Доля 2", "Доля «2»", "% 2", "Получили 2"],
  mark3: ["3", "«3»", "Отметка 3", "Отметка «3»", "Доля 3", "Доля «3»", "% 3", "Получили 3"],
  mark4: ["4", "«4»", "Отметка 4", "Отметка «4»", "Доля 4", "Доля «4»", "% 4", "Получили 4"],
  mark5: ["5", "«5»", "Отметка 5", "Отметка «5»", "Доля 5", "Доля «5»", "% 5", "Получили 5"],
  task: ["Задание", "Номер задания", "№ задания", "Задача"],
  solvedShare: [
    "Выполнили", "Доля выполнивших", "Процент выполнения", "% выполнения", "Выполнение", "Решили", "Доля решивших",
    "Средний процент выполнения", "Успешность выполнения", "Выполнили задание",
  ],
  topic: ["Тема", "Раздел", "Тема, раздел", "Проверяемые умения", "Проверяемое умение", "Блоки ПООП", "Элемент содержания", "Проверяемые требования"],
  students: ["Всего обучающихся", "Обучающихся", "Численность обучающихся", "Количество обучающихся", "Кол-во обучающихся", "Контингент", "Всего учащихся", "Учащихся"],
  parentsNoHigherEducation: ["Оба родителя без высшего образования", "Родители без высшего образования", "Оба родителя без ВО", "Родители без ВО"],
  unemployedParents: ["Единственный или оба родителя безработные", "Родители безработные", "Безработные родители", "Оба родителя безработные"],
  watchList: ["На внутришкольном и ином учете", "На внутришкольном учете", "Внутришкольный учет", "На учете", "Состоят на учете"],
  odnKdn: ["На учете в ОДН или КДН", "На учете в ОДН/КДН", "ОДН/КДН", "ОДН КДН", "На учете в ОДН", "На учете в КДН", "ОДН, КДН"],
  migrantOrLowRussian: [
    "Из семей мигрантов или слабо владеют русским языком", "Мигранты", "Из семей мигрантов", "Дети мигрантов",
    "Слабо владеют русским языком", "Мигранты или слабо владеют русским",
  ],
  nonAttested: ["Неаттестованные", "Не аттестованы", "Неаттестованных", "Не аттестованные"],
  truancy: [
    "Систематически пропускают уроки без уважительной причины", "Пропускают без уважительной причины", "Систематические пропуски",
    "Систематически пропускают", "Прогулы", "Пропуски без уважительной причины",
  ],
  disabilities: ["С ОВЗ", "ОВЗ", "Обучающиеся с ОВЗ", "Дети с ОВЗ", "Обучающихся с ОВЗ"],
  remote: ["Удаленная или транспортно недоступная", "Удаленная", "Транспортно недоступная", "Удаленная или труднодоступная", "Труднодоступная"],
  smallSchool: ["Малокомплектная", "Малокомплектная школа", "МКШ"],
  infrastructureDeficit: ["Дефицит инфраструктуры", "Инфраструктурный дефицит"],
  computerDeficit: ["Дефицит компьютеров", "Дефицит компьютерной техники", "Нехватка компьютеров"],
  internetDeficit: ["Нет интернета или он медленный", "Дефицит интернета", "Нет интернета", "Слабый интернет", "Проблемы с интернетом"],
  unfilledPosts: ["Незакрытые вакансии", "Вакансии", "Кадровый дефицит", "Дефицит кадров", "Незакрытые вакансии в том числе психолог логопед соцпедагог дефектолог педагог доп образования"],
  accreditationSuspended: ["Аккредитация приостановлена", "Приостановлена аккредитация", "Приостановление аккредитации"],
  innovationPlatform: ["Инновационная площадка", "Региональная инновационная площадка", "РИП"],
  headCompetence: ["Компетентность руководителя", "Компетентный руководитель"],
  headMotivation: ["Мотивация руководителя", "Мотивированный руководитель"],
  note: ["Примечание", "Комментарий", "Основание"],
  group: ["Группы участников"],
  percent: ["%", "Процент", "Доля", "Доля участников", "% участников"],
};

const KEYS = new Map<ColumnKey, Set<string>>(
  (Object.keys(SYNONYMS) as ColumnKey[]).map((field) => [
    field,
    new Set([COLUMN_TITLES[field], ...SYNONYMS[field]].flatMap((title) => headerVariants(title))),
  ]),
);

/** Does the title (as variants) name this field? */
export const titleMatches = (variants: string[], field: ColumnKey) => variants.some((key) => KEYS.get(field)!.has(key));

/** A task's number as ФИС ОКО prints it over a column: 1, 10.1, 4(2), 10К1. */
export const TASK_TITLE = /^\d{1,2}(?:[.,]\d{1,2}|\s*\(\s*\d{1,2}\s*\)|\s*[кk]\s*\d)?$/i;

export type ShapeId = "template-results" | "template-items" | "template-social" | "template-list" | "fis-marks" | "fis-tasks" | "fis-journal" | "fis-journal-long";

export interface Shape {
  id: ShapeId;
  kind: DataKind;
  /** Shown to the person: "шаблон", "ФИС ОКО: статистика по отметкам". */
  name: string;
  /** What the missing-columns message calls it. */
  label: string;
  required: ColumnKey[];
  optional: ColumnKey[];
  /** Task numbers as columns (ФИС ОКО «Выполнение заданий»). */
  taskColumns?: boolean;
  /** Every titled column must be one of the shape's (a plain list of schools says little else). */
  strict?: boolean;
  /** The school is named by a code column, a name column "(sch…) Name", or both: at least one is needed. */
  school?: boolean;
}

const SOCIAL_COUNTS = ["parentsNoHigherEducation", "unemployedParents", "watchList", "odnKdn", "migrantOrLowRussian", "nonAttested", "truancy", "disabilities"] as const;
const SOCIAL_FLAGS = [
  "remote", "smallSchool", "infrastructureDeficit", "computerDeficit", "internetDeficit", "unfilledPosts", "accreditationSuspended",
  "innovationPlatform", "headCompetence", "headMotivation",
] as const;
export const SOCIAL_COUNT_FIELDS: readonly ColumnKey[] = SOCIAL_COUNTS;
export const SOCIAL_FLAG_FIELDS: readonly ColumnKey[] = SOCIAL_FLAGS;

const templateLabel = (kind: DataKind) => `${SHAPE_NAMES.template}: ${KIND_NAMES[kind]}`;

/** In the order they are tried: the first shape fully recognised at the first header row wins ties. */
export const SHAPES: Shape[] = [
  {
    id: "template-results",
    kind: "results",
    name: SHAPE_NAMES.template,
    label: templateLabel("results"),
    required: ["schoolCode", "schoolName", "year", "assessment", "grade", "subject", "participants"],
    optional: ["meanScore", "lowShare", "highShare", "vprLowered", "vprConfirmed", "vprRaised"],
  },
  {
    id: "template-items",
    kind: "items",
    name: SHAPE_NAMES.template,
    label: templateLabel("items"),
    required: ["schoolCode", "schoolName", "year", "grade", "subject", "task", "solvedShare"],
    optional: ["topic", "participants"],
  },
  {
    id: "template-social",
    kind: "social",
    name: SHAPE_NAMES.template,
    label: templateLabel("social"),
    required: ["schoolCode", "schoolName", "year", "students"],
    optional: [...SOCIAL_COUNTS, ...SOCIAL_FLAGS],
  },
  {
    id: "fis-marks",
    kind: "results",
    name: SHAPE_NAMES.fisMarks,
    label: SHAPE_NAMES.fisMarks,
    required: ["participants", "mark2", "mark5"],
    optional: ["schoolName", "schoolCode", "mark3", "mark4", "meanScore", "year", "grade", "subject"],
    school: true,
  },
  {
    id: "fis-tasks",
    kind: "items",
    name: SHAPE_NAMES.fisTasks,
    label: SHAPE_NAMES.fisTasks,
    required: [],
    optional: ["schoolName", "schoolCode", "participants", "year", "grade", "subject"],
    taskColumns: true,
    school: true,
  },
  {
    id: "fis-journal",
    kind: "results",
    name: SHAPE_NAMES.fisJournal,
    label: SHAPE_NAMES.fisJournal,
    required: ["vprLowered", "vprConfirmed", "vprRaised"],
    optional: ["schoolName", "schoolCode", "participants", "year", "grade", "subject"],
    school: true,
  },
  {
    // The report as ФИС ОКО lays it out: a row per school, then «Понизили…», «Подтвердили…», «Повысили…», «Всего».
    id: "fis-journal-long",
    kind: "results",
    name: SHAPE_NAMES.fisJournal,
    label: SHAPE_NAMES.fisJournal,
    required: ["schoolName", "percent"],
    optional: ["schoolCode", "participants"],
  },
  {
    id: "template-list",
    kind: "official-list",
    name: SHAPE_NAMES.template,
    label: templateLabel("official-list"),
    required: ["schoolCode"],
    optional: ["schoolName", "note"],
    strict: true,
  },
];

/** Titles that carry nothing (a running number) and do not spoil a strict shape. */
export const NEUTRAL_TITLE = /^(?:номер|номер п п|п п|n|no|нн)$/;
