/**
 * The municipal working group (#15 §7, seed 002, seed 000): the composition by order (chair, deputy,
 * secretary, members; a member may be linked to a person of the app), the meetings with their agenda,
 * the minutes after a meeting (who was present with the quorum, decisions with the responsible and a
 * deadline; they go into the decisions log) and the approval of an аналитическая справка by a minuted
 * meeting. District staff edit; members of the working group read. Phones first: one column, 320 px.
 * Routes: miniapp/api/routes/working-group.ts.
 */
import { useState, type ReactNode } from "react";
import { Button, Cell, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { save } from "../download.ts";
import { tw } from "../messages/ru-working-group.ts";
import { useApi } from "../useApi.ts";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";
import { workingGroupApi, type AgendaItem, type Group, type GroupMember, type Meeting, type MinutesInput, type Overview } from "./WorkingGroupApi.ts";

const ROLES = ["chair", "deputy", "secretary", "member"] as const;
const KINDS = ["organising", "activating", "coordinating", "controlling", "stimulating"];
const pad = { padding: "8px 12px" } as const;
/** "2026-12-25" → "25.12.2026" */
const dotted = (iso: string) => iso.slice(0, 10).split("-").reverse().join(".");
const needed = (total: number) => Math.floor(total / 2) + 1;

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function Failure({ error }: { error: ApiError | null }) {
  return error ? (
    <p className="page-note" role="alert" data-testid="wg-error" style={{ ...pad, color: "var(--tg-theme-destructive-text-color, #c00)" }}>
      {error.message}
    </p>
  ) : null;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="work-field">
      {label}
      {children}
    </label>
  );
}

export function WorkingGroupPage({ route, navigate }: NetworkPageProps) {
  const districtId = route.districtId;
  if (!districtId) return <Placeholder description={tw.noDistrict} />;
  const open = (meetingId?: string) => navigate({ page: "network", section: "workingGroup", districtId, ...(meetingId ? { id: meetingId } : {}) });
  return <GroupView districtId={districtId} meetingId={route.id} open={open} navigate={navigate} />;
}

function GroupView({ districtId, meetingId, open, navigate }: { districtId: string; meetingId?: string; open: (meetingId?: string) => void; navigate: NetworkPageProps["navigate"] }) {
  const [state, reload] = useApi(`working-group:${districtId}`, () => workingGroupApi.overview(districtId));
  const [editing, setEditing] = useState<"group" | "meeting" | null>(null);
  const files = useAction();
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const data = state.data;
  const group = [...data.groups].sort((a, b) => b.orderDate.localeCompare(a.orderDate))[0] ?? null;
  if (meetingId) return <MeetingView districtId={districtId} meetingId={meetingId} overview={data} back={() => open()} reloadOverview={reload} />;
  return (
    <List data-testid="working-group">
      <Title level="2" weight="2" className="page-title">
        {tw.title}
      </Title>
      <p className="page-note" style={pad}>
        {data.canEdit ? tw.intro : tw.introReader}
      </p>
      <Section header={tw.composition} data-testid="wg-composition">
        {group ? (
          <>
            <Cell multiline data-testid="wg-order">
              {tw.order(group.orderRef, dotted(group.orderDate))}
            </Cell>
            {group.members.map((member, index) => (
              <Cell
                key={index}
                multiline
                data-testid={`wg-member-${index}`}
                subtitle={[member.role === "member" ? null : tw.roles[member.role], member.position, member.personId ? tw.linked : null].filter(Boolean).join(" · ")}
              >
                {member.name}
              </Cell>
            ))}
          </>
        ) : (
          <Placeholder description={tw.noGroup} />
        )}
      </Section>
      {data.canEdit && editing === null && (
        <div className="work-actions" style={pad}>
          <Button size="s" mode="bezeled" data-testid="wg-edit-group" onClick={() => setEditing("group")}>
            {group ? tw.editGroup : tw.addGroup}
          </Button>
          {group && (
            <Button size="s" data-testid="wg-add-meeting" onClick={() => setEditing("meeting")}>
              {tw.addMeeting}
            </Button>
          )}
        </div>
      )}
      {data.canEdit && editing === "group" && (
        <GroupForm
          districtId={districtId}
          group={group}
          people={data.people}
          onDone={(changed) => {
            setEditing(null);
            if (changed) reload();
          }}
        />
      )}
      {data.canEdit && editing === "meeting" && group && (
        <MeetingForm
          districtId={districtId}
          groupId={group.id}
          today={data.today}
          onDone={(saved) => {
            setEditing(null);
            if (saved) open(saved.id);
          }}
        />
      )}
      <Section header={tw.meetings} data-testid="wg-meetings">
        {data.meetings.length === 0 && <Placeholder description={tw.noMeetings} />}
        {data.meetings.map((meeting) => (
          <Cell key={meeting.id} multiline data-testid={`wg-meeting-${meeting.id}`} subtitle={meeting.state === "held" ? tw.held : tw.planned} onClick={() => open(meeting.id)}>
            {tw.meetingLine(meeting.number, dotted(meeting.date), meeting.time)}
          </Cell>
        ))}
      </Section>
      <Section header={tw.reports} data-testid="wg-reports">
        {data.reports.length === 0 && <Placeholder description={tw.noReports} />}
        {data.reports.map((report) => (
          <div key={report.id}>
            <Cell multiline data-testid={`wg-report-${report.period}`} subtitle={report.approvalRef ? tw.reportApproved(report.approvalRef) : tw.reportDraft}>
              {report.title}
            </Cell>
            <div style={{ ...pad, display: "flex", gap: 8 }}>
              {(["pdf", "xlsx"] as const).map((format) => (
                <Button
                  key={format}
                  size="s"
                  mode="plain"
                  data-testid={`wg-report-${report.period}-${format}`}
                  disabled={files.busy}
                  onClick={() => void files.run(async () => save(await workingGroupApi.reportFile(districtId, report.id, format)))}
                >
                  {format.toUpperCase()}
                </Button>
              ))}
            </div>
          </div>
        ))}
        <Failure error={files.error} />
      </Section>
      {data.canEdit && (
        <div className="work-actions" style={pad}>
          <Button size="s" mode="plain" data-testid="wg-open-reports" onClick={() => navigate({ page: "reports", districtId })}>
            {tw.openReports}
          </Button>
          <Button size="s" mode="plain" data-testid="wg-open-decisions" onClick={() => navigate({ page: "decisions", districtId })}>
            {tw.openLog}
          </Button>
        </div>
      )}
    </List>
  );
}

function GroupForm({ districtId, group, people, onDone }: { districtId: string; group: Group | null; people: Overview["people"]; onDone: (changed: boolean) => void }) {
  const [orderRef, setOrderRef] = useState(group?.orderRef ?? "");
  const [orderDate, setOrderDate] = useState(group?.orderDate ?? new Date().toISOString().slice(0, 10));
  const [members, setMembers] = useState<GroupMember[]>(group?.members ?? [{ name: "", position: "", role: "chair", personId: null }]);
  const action = useAction();
  const set = (index: number, patch: Partial<GroupMember>) => setMembers((list) => list.map((member, at) => (at === index ? { ...member, ...patch } : member)));
  const submit = () =>
    action.run(async () => {
      await workingGroupApi.saveGroup(districtId, { orderRef, orderDate, members }, group?.id);
      onDone(true);
    });
  return (
    <div data-testid="wg-group-form" style={pad}>
      <Field label={tw.orderRef}>
        <input data-testid="wg-order-ref" value={orderRef} maxLength={200} onChange={(event) => setOrderRef(event.target.value)} />
      </Field>
      <Field label={tw.orderDate}>
        <input data-testid="wg-order-date" type="date" value={orderDate} onChange={(event) => setOrderDate(event.target.value)} />
      </Field>
      {members.map((member, index) => (
        <fieldset key={index} className="work-field" data-testid={`wg-member-form-${index}`} style={{ border: "1px solid var(--tg-theme-section-separator-color, #8886)", borderRadius: 8, padding: 8, margin: "8px 0" }}>
          <Field label={tw.memberName}>
            <input data-testid={`wg-member-name-${index}`} value={member.name} maxLength={120} onChange={(event) => set(index, { name: event.target.value })} />
          </Field>
          <Field label={tw.memberPosition}>
            <input data-testid={`wg-member-position-${index}`} value={member.position} maxLength={300} onChange={(event) => set(index, { position: event.target.value })} />
          </Field>
          <Field label={tw.memberRole}>
            <select data-testid={`wg-member-role-${index}`} value={member.role} onChange={(event) => set(index, { role: event.target.value as GroupMember["role"] })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {tw.roles[role]}
                </option>
              ))}
            </select>
          </Field>
          <Field label={tw.memberPerson}>
            <select data-testid={`wg-member-person-${index}`} value={member.personId ?? ""} onChange={(event) => set(index, { personId: event.target.value || null })}>
              <option value="">{tw.noPerson}</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </Field>
          <Button size="s" mode="plain" data-testid={`wg-member-remove-${index}`} onClick={() => setMembers((list) => list.filter((_, at) => at !== index))}>
            {tw.remove}
          </Button>
        </fieldset>
      ))}
      <Button size="s" mode="bezeled" data-testid="wg-member-add" onClick={() => setMembers((list) => [...list, { name: "", position: "", role: "member", personId: null }])}>
        {tw.addMember}
      </Button>
      <Failure error={action.error} />
      <div className="work-actions">
        <Button size="s" data-testid="wg-group-save" disabled={action.busy} onClick={() => void submit()}>
          {tw.save}
        </Button>
        <Button size="s" mode="plain" data-testid="wg-group-cancel" onClick={() => onDone(false)}>
          {tw.cancel}
        </Button>
      </div>
    </div>
  );
}

function MeetingForm({ districtId, groupId, today, meeting, onDone }: { districtId: string; groupId: string; today: string; meeting?: Meeting; onDone: (saved: Meeting | null) => void }) {
  const [number, setNumber] = useState(meeting?.number ?? "");
  const [date, setDate] = useState(meeting?.date ?? today);
  const [time, setTime] = useState(meeting?.time ?? "10:00");
  const [place, setPlace] = useState(meeting?.place ?? "");
  const [agenda, setAgenda] = useState<AgendaItem[]>(meeting?.agenda ?? [{ title: "", speaker: "" }]);
  const action = useAction();
  const setItem = (index: number, patch: Partial<AgendaItem>) => setAgenda((list) => list.map((item, at) => (at === index ? { ...item, ...patch } : item)));
  const submit = () =>
    action.run(async () => {
      const saved = await workingGroupApi.saveMeeting(districtId, { workingGroupId: meeting?.workingGroupId ?? groupId, number, date, time, place: place || null, agenda }, meeting?.id);
      onDone(saved.meeting);
    });
  return (
    <div data-testid="wg-meeting-form" style={pad}>
      <Field label={tw.number}>
        <input data-testid="wg-meeting-number" value={number} maxLength={20} onChange={(event) => setNumber(event.target.value)} />
      </Field>
      <Field label={tw.date}>
        <input data-testid="wg-meeting-date" type="date" value={date} onChange={(event) => setDate(event.target.value)} />
      </Field>
      <Field label={tw.time}>
        <input data-testid="wg-meeting-time" type="time" value={time} onChange={(event) => setTime(event.target.value)} />
      </Field>
      <Field label={tw.place}>
        <input data-testid="wg-meeting-place" value={place} maxLength={300} onChange={(event) => setPlace(event.target.value)} />
      </Field>
      <p className="work-note">{tw.agenda}</p>
      {agenda.map((item, index) => (
        <div key={index} data-testid={`wg-agenda-${index}`}>
          <Field label={`${index + 1}. ${tw.agendaTitle}`}>
            <textarea data-testid={`wg-agenda-title-${index}`} rows={2} maxLength={500} value={item.title} onChange={(event) => setItem(index, { title: event.target.value })} />
          </Field>
          <Field label={tw.agendaSpeaker}>
            <input data-testid={`wg-agenda-speaker-${index}`} value={item.speaker ?? ""} maxLength={200} onChange={(event) => setItem(index, { speaker: event.target.value })} />
          </Field>
          {agenda.length > 1 && (
            <Button size="s" mode="plain" data-testid={`wg-agenda-remove-${index}`} onClick={() => setAgenda((list) => list.filter((_, at) => at !== index))}>
              {tw.remove}
            </Button>
          )}
        </div>
      ))}
      <Button size="s" mode="bezeled" data-testid="wg-agenda-add" onClick={() => setAgenda((list) => [...list, { title: "", speaker: "" }])}>
        {tw.addAgenda}
      </Button>
      <Failure error={action.error} />
      <div className="work-actions">
        <Button size="s" data-testid="wg-meeting-save" disabled={action.busy} onClick={() => void submit()}>
          {tw.save}
        </Button>
        <Button size="s" mode="plain" data-testid="wg-meeting-cancel" onClick={() => onDone(null)}>
          {tw.cancel}
        </Button>
      </div>
    </div>
  );
}

function MeetingView({ districtId, meetingId, overview, back, reloadOverview }: { districtId: string; meetingId: string; overview: Overview; back: () => void; reloadOverview: () => void }) {
  const [state, reload] = useApi(`working-group:${districtId}:${meetingId}`, () => workingGroupApi.meeting(districtId, meetingId));
  const [editing, setEditing] = useState(false);
  const action = useAction();
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const { meeting, group, canEdit } = state.data;
  const refresh = () => {
    reload();
    reloadOverview();
  };
  const remove = () => {
    if (!window.confirm(tw.confirmDelete)) return;
    void action.run(async () => {
      await workingGroupApi.removeMeeting(districtId, meetingId);
      reloadOverview();
      back();
    });
  };
  return (
    <List data-testid="wg-meeting">
      <div style={pad}>
        <Button size="s" mode="plain" data-testid="wg-back" onClick={back}>
          {tw.back}
        </Button>
      </div>
      <Title level="2" weight="2" className="page-title">
        {tw.meetingLine(meeting.number, dotted(meeting.date), meeting.time)}
      </Title>
      {meeting.place && (
        <p className="page-note" style={pad}>
          {meeting.place}
        </p>
      )}
      {editing && group ? (
        <MeetingForm
          districtId={districtId}
          groupId={group.id}
          today={overview.today}
          meeting={meeting}
          onDone={(saved) => {
            setEditing(false);
            if (saved) refresh();
          }}
        />
      ) : (
        <Section header={tw.agenda} data-testid="wg-agenda">
          {meeting.agenda.map((item, index) => (
            <Cell key={index} multiline subtitle={item.speaker ?? undefined}>
              {`${index + 1}. ${item.title}`}
            </Cell>
          ))}
        </Section>
      )}
      {canEdit && meeting.state === "planned" && !editing && (
        <div className="work-actions" style={pad}>
          <Button size="s" mode="bezeled" data-testid="wg-meeting-edit" onClick={() => setEditing(true)}>
            {tw.edit}
          </Button>
          <Button size="s" mode="plain" data-testid="wg-meeting-delete" disabled={action.busy} onClick={remove}>
            {tw.delete}
          </Button>
        </div>
      )}
      <Failure error={action.error} />
      {meeting.state === "held" ? (
        <Minutes meeting={meeting} />
      ) : canEdit && group ? (
        meeting.date <= overview.today ? (
          <MinutesForm districtId={districtId} meeting={meeting} group={group} onDone={refresh} />
        ) : (
          <p className="page-note" style={pad}>
            {tw.minutesAfter}
          </p>
        )
      ) : null}
      {canEdit && meeting.state === "held" && meeting.attendance?.quorum && <ApproveReport districtId={districtId} meeting={meeting} overview={overview} onDone={refresh} />}
    </List>
  );
}

function Minutes({ meeting }: { meeting: Meeting }) {
  return (
    <Section header={tw.minutes} data-testid="wg-minutes">
      {meeting.attendance && (
        <Cell multiline data-testid="wg-quorum" subtitle={meeting.attendance.present.map((member) => member.name).join(", ")}>
          {tw.quorumShort(meeting.attendance.present.length, meeting.attendance.total, meeting.attendance.quorum)}
        </Cell>
      )}
      {(meeting.minutes ?? []).length === 0 && <Placeholder description={tw.noDecisions} />}
      {(meeting.minutes ?? []).map((item, index) => (
        <Cell key={index} multiline data-testid={`wg-decision-${index}`} subtitle={item.decisionId ? tw.inLog : undefined}>
          {`${index + 1}. ${tw.decisionLine(item.text, item.responsible, item.dueOn ? dotted(item.dueOn) : null)}`}
        </Cell>
      ))}
    </Section>
  );
}

function MinutesForm({ districtId, meeting, group, onDone }: { districtId: string; meeting: Meeting; group: Group; onDone: () => void }) {
  const [present, setPresent] = useState<number[]>([]);
  const [decisions, setDecisions] = useState<MinutesInput["decisions"]>([]);
  const action = useAction();
  const total = group.members.length;
  const met = present.length >= needed(total);
  const toggle = (index: number) => setPresent((list) => (list.includes(index) ? list.filter((at) => at !== index) : [...list, index]));
  const setDecision = (index: number, patch: Partial<MinutesInput["decisions"][number]>) =>
    setDecisions((list) => list.map((item, at) => (at === index ? { ...item, ...patch } : item)));
  const submit = () =>
    action.run(async () => {
      await workingGroupApi.minutes(districtId, meeting.id, { present, decisions });
      onDone();
    });
  return (
    <div data-testid="wg-minutes-form" style={pad}>
      <p className="work-note">{tw.present}</p>
      {group.members.map((member, index) => (
        <label key={index} className="work-field" style={{ display: "flex", gap: 8, alignItems: "center" }}>
          <input type="checkbox" data-testid={`wg-present-${index}`} checked={present.includes(index)} onChange={() => toggle(index)} />
          {member.name}
        </label>
      ))}
      <p className="page-note" data-testid="wg-quorum-live">
        {tw.quorum(present.length, total, needed(total), met)}
      </p>
      <p className="work-note">{tw.decisions}</p>
      {decisions.map((decision, index) => (
        <div key={index} data-testid={`wg-decision-form-${index}`}>
          <Field label={`${index + 1}. ${tw.decisionText}`}>
            <textarea data-testid={`wg-decision-text-${index}`} rows={2} maxLength={500} value={decision.text} onChange={(event) => setDecision(index, { text: event.target.value })} />
          </Field>
          <Field label={tw.responsible}>
            <input data-testid={`wg-decision-responsible-${index}`} value={decision.responsible} maxLength={200} onChange={(event) => setDecision(index, { responsible: event.target.value })} />
          </Field>
          <Field label={tw.dueOn}>
            <input data-testid={`wg-decision-due-${index}`} type="date" value={decision.dueOn ?? ""} onChange={(event) => setDecision(index, { dueOn: event.target.value || null })} />
          </Field>
          <Field label={tw.kind}>
            <select data-testid={`wg-decision-kind-${index}`} value={decision.kind} onChange={(event) => setDecision(index, { kind: event.target.value })}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {tw.kinds[kind]}
                </option>
              ))}
            </select>
          </Field>
          <Button size="s" mode="plain" data-testid={`wg-decision-remove-${index}`} onClick={() => setDecisions((list) => list.filter((_, at) => at !== index))}>
            {tw.remove}
          </Button>
        </div>
      ))}
      <Button size="s" mode="bezeled" data-testid="wg-decision-add" onClick={() => setDecisions((list) => [...list, { text: "", responsible: "", dueOn: null, kind: "organising" }])}>
        {tw.addDecision}
      </Button>
      <p className="page-note">{tw.minutesOnce}</p>
      <Failure error={action.error} />
      <div className="work-actions">
        <Button size="s" data-testid="wg-minutes-save" disabled={action.busy} onClick={() => void submit()}>
          {tw.recordMinutes}
        </Button>
      </div>
    </div>
  );
}

function ApproveReport({ districtId, meeting, overview, onDone }: { districtId: string; meeting: Meeting; overview: Overview; onDone: () => void }) {
  const open = overview.reports.filter((report) => !report.approvedAt);
  const [reportId, setReportId] = useState(open[0]?.id ?? "");
  const action = useAction();
  const approvedHere = overview.reports.filter((report) => report.meetingId === meeting.id);
  return (
    <Section header={tw.approveHeading} data-testid="wg-approve">
      {approvedHere.map((report) => (
        <Cell key={report.id} multiline subtitle={report.approvalRef ? tw.reportApproved(report.approvalRef) : undefined}>
          {report.title}
        </Cell>
      ))}
      {open.length === 0 ? (
        <Placeholder description={tw.noReports} />
      ) : (
        <div style={pad}>
          <Field label={tw.chooseReport}>
            <select data-testid="wg-approve-report" value={reportId} onChange={(event) => setReportId(event.target.value)}>
              {open.map((report) => (
                <option key={report.id} value={report.id}>
                  {report.title}
                </option>
              ))}
            </select>
          </Field>
          <p className="page-note">{tw.approveNote}</p>
          <Failure error={action.error} />
          <Button
            size="s"
            data-testid="wg-approve-submit"
            disabled={action.busy || !reportId}
            onClick={() =>
              void action.run(async () => {
                await workingGroupApi.approveReport(districtId, meeting.id, reportId);
                onDone();
              })
            }
          >
            {tw.approve}
          </Button>
        </div>
      )}
    </Section>
  );
}
