// The built-in instruments (#13), stored in every database (scope ""): a district may store its own versions over
// them. Per key, the FIRST listed version is the default a new campaign runs (`builtInInstrument(key)`); the teacher
// diagnostic's version 2 is listed after version 1, which stored campaigns and the diagnostic's tests use.
import type { Instrument } from "./schema.ts";
import { parentSurveyV1 } from "./parent-survey.ts";
import { schoolCardV1 } from "./school-card.ts";
import { studentSurveyV1 } from "./student-survey.ts";
import { teacherDiagnosticV1, teacherDiagnosticV2 } from "./teacher-diagnostic.ts";
import { visitReportV1, visitReportV2 } from "./visit-report.ts";
import { mentoringFeedbackV1 } from "./mentoring-feedback.ts";

export const BUILT_IN_INSTRUMENTS: readonly Instrument[] = [
  teacherDiagnosticV1,
  teacherDiagnosticV2,
  parentSurveyV1,
  studentSurveyV1,
  schoolCardV1,
  visitReportV1,
  // #15: the visit report in chat (core/journeys/visits.ts) runs version 2; feedback on mentoring is a campaign.
  visitReportV2,
  mentoringFeedbackV1,
];

/** The built-in instrument keys, each once, in the catalog's order. */
export const BUILT_IN_KEYS: readonly string[] = [...new Set(BUILT_IN_INSTRUMENTS.map((instrument) => instrument.key))];

/** A built-in instrument: that version of the key, or without a version the key's default (its first listed version). */
export const builtInInstrument = (key: string, version?: number): Instrument | undefined =>
  BUILT_IN_INSTRUMENTS.find((instrument) => instrument.key === key && (version === undefined || instrument.version === version));
