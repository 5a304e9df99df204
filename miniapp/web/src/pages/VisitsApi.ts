/** The Mini App's client for visits and consultations (miniapp/api/routes/visits.ts, #15 §3). */
import { apiFetch, readJson, type Bounded } from "../api.ts";

export type VisitState = "draft" | "submitted" | "disputing" | "confirmed" | "disputed";
export type VisitFormat = "onsite" | "remote" | "mixed";

export interface PlanRow {
  key: string;
  name: string;
  planned: number;
  reported: number;
  confirmed: number;
  disputed: number;
  awaiting: number;
  onsite: number;
  remote: number;
  mixed: number;
  done: number;
  percent: number | null;
}

export interface VisitSummary {
  id: string;
  schoolId: string;
  schoolName: string;
  authorId: string | null;
  authorName: string | null;
  visitDate: string | null;
  format: VisitFormat | null;
  state: VisitState;
  submittedAt: string | null;
  hasFile: boolean;
  canDecide: boolean;
}

export interface FeedbackQuestion {
  id: string;
  text: string;
  cell: { hidden: true } | { hidden: false; agree: Bounded; mean: Bounded };
}

export interface VisitsOverview {
  districtId: string;
  schoolYear: string;
  scope: "district" | "own";
  indicators: { from: string; to: string; bySchool: PlanRow[]; byMentor: PlanRow[]; total: PlanRow };
  visits: VisitSummary[];
  feedback: {
    campaign: { id: string; title: string; opensAt: string; closesAt: string } | null;
    minRespondents: number;
    releasedAt: string | null;
    questions: FeedbackQuestion[];
  } | null;
}

export interface VisitDetail extends VisitSummary {
  answers: Array<{ questionId: string; question: string; answer: string }>;
  file: { name: string; mimeType: string } | null;
  disputeReason: string | null;
  confirmedAt: string | null;
}

const json = (body: unknown) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const visit = (id: string) => `/visits/${encodeURIComponent(id)}`;

export const visitsApi = {
  overview: async (districtId: string, year?: string) =>
    readJson<VisitsOverview>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/visits${year ? `?year=${encodeURIComponent(year)}` : ""}`)),
  get: async (id: string) => readJson<{ visit: VisitDetail }>(await apiFetch(visit(id))),
  fileUrl: (id: string) => `${visit(id)}/file`,
  confirm: async (id: string) => readJson<{ result: string; state: VisitState }>(await apiFetch(`${visit(id)}/confirm`, json({}))),
  dispute: async (id: string, reason: string) => readJson<{ result: string; state: VisitState }>(await apiFetch(`${visit(id)}/dispute`, json({ reason }))),
};
