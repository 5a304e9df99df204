// Russian texts of programmes as documents (#15 §6): the passport's checks, the expert review form,
// the workflow's refusals, the chat notices and /programmes.
export const PROGRAMME_STATE_NAMES: Record<string, string> = {
  draft: "черновик",
  submitted: "подана на экспертизу",
  in_review: "на экспертизе",
  returned: "возвращена на доработку",
  approved: "утверждена",
};

export const PROGRAMME_KIND_NAMES: Record<string, string> = {
  school: "Программа перехода школы в эффективный режим функционирования",
  municipal: "Муниципальная программа поддержки ШНОР и ШНСУ",
};

export const PROGRAMME_LOG_NAMES: Record<string, string> = {
  create: "создана",
  edit: "изменена",
  file: "приложен файл",
  submit: "подана на экспертизу",
  assign: "назначены эксперты",
  review: "эксперт заполнил оценку",
  return: "возвращена на доработку",
  approve: "утверждена",
  monitor: "внесён мониторинг",
};

export const programmeText = {
  // ---- the passport and the forms (zod) ----
  required: "Заполните поле",
  tooLong: (max: number) => `Не длиннее ${max} символов`,
  tooMany: (max: number) => `Не больше ${max} пунктов`,
  atLeastOne: "Нужен хотя бы один пункт",
  badDate: "Дата в формате ГГГГ-ММ-ДД",
  termOrder: "Срок окончания раньше начала",
  badChoice: "Выберите значение из списка",
  badNumber: "Введите число",
  indicatorRequired: "Нужен хотя бы один показатель",
  repeatedIndicator: "Показатели с одинаковым названием",
  schoolRequired: "Для программы школы выберите школу",
  noSchoolForMunicipal: "У муниципальной программы нет школы",
  badScore: "Оценка по критерию — 0, 1 или 2",
  allCriteria: "Оцените каждый критерий",
  commentRequired: "Напишите замечания для доработки",
  badPeriod: "Период в формате ГГГГ-ММ",
  unknownIndicator: "Такого показателя нет в программе",
  noValues: "Введите значение хотя бы одного показателя",
  reviewersRequired: "Выберите хотя бы одного эксперта",
  invalidPrefix: "Проверьте данные",

  // ---- the workflow's refusals ----
  notFound: "Программа не найдена или недоступна.",
  forbidden: "Это действие вам недоступно.",
  wrongState: (state: string) => `Сейчас программа «${PROGRAMME_STATE_NAMES[state] ?? state}», это действие недоступно.`,
  notOwner: "Подать программу может только её владелец: руководитель школы (программа школы) или управление образования (муниципальная).",
  onlyDistrict: "Это делает управление образования района.",
  onlySchoolHead: "Программу школы создаёт руководитель этой школы или управление образования.",
  otherSchool: "Школа не из этого района.",
  notReviewer: "Вы не назначены экспертом этой версии программы.",
  badReviewer: "Экспертом можно назначить только сотрудника района (методиста, специалиста управления, куратора, руководителя школы-куратора).",
  needsReview: "Перед утверждением нужна хотя бы одна заполненная экспертная оценка текущей версии.",
  changedMeanwhile: "Программу только что изменили. Обновите страницу.",
  noFile: "К программе не приложен файл.",
  badFileType: "Такой тип файла не принимается: PDF, Word, Excel, PowerPoint, ODF, TXT, JPG, PNG или ZIP.",
  fileTooBig: "Файл больше 20 МБ.",
  fileFailed: "Файл не удалось получить. Попробуйте ещё раз.",
  monitorPeriodKind: "Мониторинг — апрель (ГГГГ-04), анализ эффективности — декабрь (ГГГГ-12).",

  // ---- the review form ----
  criteria: {
    goal_fits_risks: "Цель соответствует рисковому профилю и проблемам школы",
    tasks_measurable: "Задачи конкретны и измеримы",
    measures_realistic: "Мероприятия реалистичны, сроки выполнимы",
    resources: "Определены ресурсы: кадровые, финансовые, материально-технические, информационные, временные",
    indicators: "Показатели и целевые значения обоснованы, есть базовые значения",
  } as Record<string, string>,
  verdicts: { approve: "рекомендую утвердить", return: "рекомендую доработать" } as Record<string, string>,

  // ---- notices (chat) ----
  reviewAssigned: (p: { title: string; place: string; version: number }) =>
    `Вас назначили экспертом программы «${p.title}» (${p.place}, версия ${p.version}). Оцените её по критериям экспертного листа в приложении.`,
  submitted: (p: { title: string; place: string; version: number }) =>
    `Программа «${p.title}» (${p.place}) подана на экспертизу, версия ${p.version}. Назначьте экспертов в приложении.`,
  returned: (p: { title: string; version: number; note: string }) =>
    `Программа «${p.title}» (версия ${p.version}) возвращена на доработку.\nЗамечания: ${p.note}\nИсправьте паспорт и подайте её снова в приложении.`,
  approved: (p: { title: string; ref: string }) => `Программа «${p.title}» утверждена (${p.ref}). Дальше — мониторинг в апреле и анализ эффективности в декабре.`,
  approvalRef: (number: string, date: string) => `приказ № ${number} от ${date}`,
  districtPlace: (district: string) => `муниципальная, ${district}`,

  // ---- /programmes ----
  commandDescription: "Программы школ: экспертиза и состояние",
  help: "/programmes — программы перехода школ и муниципальная программа: что ждёт вашей экспертизы и в каком состоянии ваша программа",
  refusal: "Команда /programmes — для руководителей школ, управления образования, рабочей группы и экспертов района.",
  unavailable: "Программы сейчас недоступны.",
  awaitingHeading: "Ждут вашей экспертной оценки:",
  awaitingLine: (p: { title: string; place: string; version: number }) => `• «${p.title}» (${p.place}), версия ${p.version}`,
  ownHeading: "Программы вашей школы:",
  ownLine: (p: { title: string; state: string; version: number }) => `• «${p.title}» — ${p.state}, версия ${p.version}`,
  districtHeading: (district: string) => `Программы района «${district}»:`,
  districtLine: (state: string, count: number) => `• ${state}: ${count}`,
  nothing: "Программ, которые ждут вашей экспертизы или относятся к вашей школе, нет.",
  noDistrictProgrammes: (district: string) => `В районе «${district}» программ пока нет.`,
  openApp: "Открыть программы",
  openReview: (title: string) => `Оценить: ${title.length > 40 ? `${title.slice(0, 39)}…` : title}`,
  openOwn: (title: string) => `Открыть: ${title.length > 40 ? `${title.slice(0, 39)}…` : title}`,
  openInApp: "Откройте приложение из меню бота, раздел «Программы».",
};
