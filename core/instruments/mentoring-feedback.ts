import { InstrumentSchema, type Instrument } from "./schema.ts";

/**
 * Обратная связь о наставничестве (seed 003 §4.2.8, DOMAIN.md §11a "quality of mentoring"): teachers and heads of
 * the supported schools say how useful the visits and consultations of mentors, tutors and curators were. The
 * district runs it as an ordinary campaign (roles teacher and head); only the released aggregate is shown beside
 * the visits indicators (core/services/visits.ts mentoringFeedback), never anyone's answers.
 */
export const MENTORING_FEEDBACK_KEY = "mentoring_feedback";

export const mentoringFeedbackV1: Instrument = InstrumentSchema.parse({
  key: MENTORING_FEEDBACK_KEY,
  version: 1,
  title: "Обратная связь о наставничестве (черновик, версия 1)",
  status: "draft",
  respondent: "teacher",
  intro:
    "6 коротких вопросов о визитах и консультациях наставника, тьютора или куратора в вашей школе, около 2 минут. " +
    "Ответы анонимны: район видит только сводные цифры, и только когда ответило достаточно людей.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [{ id: "mentoring", title: "Наставничество", advice: "Насколько полезны визиты и консультации." }],
  questions: [
    { id: "mf_regular", areaId: "mentoring", text: "Наставник (куратор) бывает в школе или на связи регулярно.", unsure: true },
    { id: "mf_useful", areaId: "mentoring", text: "Визиты и консультации полезны для моей работы.", unsure: true },
    { id: "mf_needs", areaId: "mentoring", text: "Темы консультаций отвечают нуждам школы и моим.", unsure: true },
    { id: "mf_steps", areaId: "mentoring", text: "После визитов у меня есть понятные шаги и материалы.", unsure: true },
    { id: "mf_agreed", areaId: "mentoring", text: "Договорённости, принятые на визитах, выполняются.", unsure: true },
    { id: "mf_continue", areaId: "mentoring", text: "Я хочу продолжить работу с наставником (куратором).", unsure: true },
  ],
});
