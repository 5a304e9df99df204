/** The Mini App's client for the municipal working group (miniapp/api/routes/working-group.ts, #15 §7). */
import { apiFetch, readJson } from "../api.ts";

export type GroupRole = "chair" | "deputy" | "secretary" | "member";

export interface GroupMember {
  name: string;
  position: string;
  role: GroupRole;
  personId: string | null;
}

export interface Group {
  id: string;
  orderRef: string;
  orderDate: string;
  members: GroupMember[];
}

export interface AgendaItem {
  title: string;
  speaker: string | null;
}

export interface MinutesItem {
  text: string;
  responsible: string;
  dueOn: string | null;
  decisionId: string | null;
  reportId: string | null;
}

export interface Meeting {
  id: string;
  workingGroupId: string;
  number: string;
  heldOn: string;
  date: string;
  time: string;
  place: string | null;
  agenda: AgendaItem[];
  state: "planned" | "held";
  attendance: { present: Array<{ name: string; position: string; role: GroupRole }>; total: number; quorum: boolean } | null;
  minutes: MinutesItem[] | null;
}

export interface ReportHead {
  id: string;
  kind: string;
  period: string;
  title: string;
  approvedAt: string | null;
  approvalRef: string | null;
  meetingId: string | null;
}

export interface Overview {
  canEdit: boolean;
  groups: Group[];
  meetings: Meeting[];
  reports: ReportHead[];
  people: Array<{ id: string; name: string; roles: string[] }>;
  today: string;
}

export interface GroupInput {
  orderRef: string;
  orderDate: string;
  members: GroupMember[];
}

export interface MeetingInput {
  workingGroupId: string;
  number: string;
  date: string;
  time: string;
  place: string | null;
  agenda: AgendaItem[];
}

export interface MinutesInput {
  present: number[];
  decisions: Array<{ text: string; responsible: string; dueOn: string | null; kind: string }>;
}

const base = (districtId: string) => `/districts/${encodeURIComponent(districtId)}/working-group`;
const json = (method: string, body?: unknown) => ({
  method,
  ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
});

async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  const response = await apiFetch(path, { timeoutMs: 60_000 });
  if (!response.ok) return readJson<never>(response);
  const named = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get("Content-Disposition") ?? "");
  return { blob: await response.blob(), filename: named?.[1] ? decodeURIComponent(named[1]) : "spravka" };
}

export const workingGroupApi = {
  reportFile: (districtId: string, reportId: string, format: "xlsx" | "pdf") => download(`${base(districtId)}/reports/${encodeURIComponent(reportId)}/report.${format}`),
  overview: async (districtId: string) => readJson<Overview>(await apiFetch(base(districtId))),
  saveGroup: async (districtId: string, input: GroupInput, groupId?: string) =>
    readJson<{ group: Group }>(await apiFetch(groupId ? `${base(districtId)}/groups/${encodeURIComponent(groupId)}` : `${base(districtId)}/groups`, json(groupId ? "PUT" : "POST", input))),
  meeting: async (districtId: string, meetingId: string) =>
    readJson<{ meeting: Meeting; group: Group | null; canEdit: boolean }>(await apiFetch(`${base(districtId)}/meetings/${encodeURIComponent(meetingId)}`)),
  saveMeeting: async (districtId: string, input: MeetingInput, meetingId?: string) =>
    readJson<{ meeting: Meeting }>(
      await apiFetch(meetingId ? `${base(districtId)}/meetings/${encodeURIComponent(meetingId)}` : `${base(districtId)}/meetings`, json(meetingId ? "PUT" : "POST", input)),
    ),
  removeMeeting: async (districtId: string, meetingId: string) => readJson<{ deleted: boolean }>(await apiFetch(`${base(districtId)}/meetings/${encodeURIComponent(meetingId)}`, json("DELETE"))),
  minutes: async (districtId: string, meetingId: string, input: MinutesInput) =>
    readJson<{ meeting: Meeting }>(await apiFetch(`${base(districtId)}/meetings/${encodeURIComponent(meetingId)}/minutes`, json("POST", input))),
  approveReport: async (districtId: string, meetingId: string, reportId: string) =>
    readJson<{ meeting: Meeting }>(await apiFetch(`${base(districtId)}/meetings/${encodeURIComponent(meetingId)}/approve-report`, json("POST", { reportId }))),
};
