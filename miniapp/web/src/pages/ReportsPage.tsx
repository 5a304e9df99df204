import { useState, type ReactNode } from "react";
import { Button, Cell, Input, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { api, asApiError, type ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { save } from "../download.ts";
import { tr } from "../messages/ru-reports.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { reportsApi, type Report, type WorkingGroup } from "./ReportsApi.ts";

const fieldStyle = { width: "100%", boxSizing: "border-box", padding: 8, fontSize: 15, fontFamily: "inherit", borderRadius: 8, border: "1px solid var(--tg-theme-section-separator-color, #8886)", background: "transparent", color: "inherit" } as const;
const pad = { padding: "8px 12px" } as const;
const date = (iso: string) => new Date(iso).toLocaleDateString("ru-RU");
const today = () => new Date().toISOString().slice(0, 10);

function Failure({ error }: { error: ApiError | null }) {
  return error ? (
    <p className="page-note" role="alert" style={{ ...pad, color: "var(--tg-theme-destructive-text-color, #c00)" }}>
      {error.message}
    </p>
  ) : null;
}

/** Runs an action with a busy flag and a shown error. */
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

/**
 * The аналитическая справка (#14 §7) for district staff: the list with «create» for the current
 * half-year and quarter and the working group; one report with its sections, the conclusions editor
 * (a draft until edited), the approval by the working group (then read only), «В дорожную карту» for
 * each growth point, and the XLSX and PDF downloads.
 */
export function ReportsPage({ districtId, reportId, navigate }: { districtId: string; reportId?: string; navigate: (route: Route) => void }) {
  // District staff and a regional operator write; the working group (#15) reads the reports and downloads them.
  const [me] = useApi("me", () => api.me());
  const canWrite = me.status === "ok" && me.data.roles.some((grant) => (grant.role === "district" || grant.role === "regional") && grant.districtId === districtId);
  return reportId ? (
    <ReportView districtId={districtId} reportId={reportId} navigate={navigate} canWrite={canWrite} />
  ) : (
    <ReportList districtId={districtId} navigate={navigate} canWrite={canWrite} />
  );
}

function ReportList({ districtId, navigate, canWrite }: { districtId: string; navigate: (route: Route) => void; canWrite: boolean }) {
  const [state, reload] = useApi(`reports:${districtId}`, () => reportsApi.list(districtId));
  const action = useAction();
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const { reports, currentHalfYear, currentQuarter } = state.data;
  const create = (period: string) =>
    action.run(async () => {
      const { report } = await reportsApi.create(districtId, period);
      navigate({ page: "reports", districtId, reportId: report.id });
    });
  return (
    <List data-testid="reports">
      <Title level="2" weight="2" className="page-title">
        {tr("reports.title")}
      </Title>
      <Section footer={tr("reports.intro")}>
        {reports.length === 0 && <Placeholder description={tr("reports.none")} />}
        {reports.map((report) => (
          <Cell
            key={report.id}
            data-testid={`report-${report.period}`}
            subtitle={report.approvedAt ? tr("reports.approved", { date: date(report.approvedAt) }) : tr("reports.draft")}
            onClick={() => navigate({ page: "reports", districtId, reportId: report.id })}
          >
            {report.title}
          </Cell>
        ))}
        <div style={{ ...pad, display: "flex", flexDirection: "column", gap: 8 }}>
          {canWrite && !reports.some((report) => report.period === currentHalfYear) && (
            <Button size="m" mode="filled" disabled={action.busy} onClick={() => create(currentHalfYear)}>
              {tr("reports.createHalf", { period: currentHalfYear })}
            </Button>
          )}
          {canWrite && !reports.some((report) => report.period === currentQuarter) && (
            <Button size="m" mode="bezeled" disabled={action.busy} onClick={() => create(currentQuarter)}>
              {tr("reports.createQuarter", { period: currentQuarter })}
            </Button>
          )}
        </div>
        <Failure error={action.error} />
      </Section>
      {canWrite && <WorkingGroups districtId={districtId} />}
    </List>
  );
}

function parseMembers(text: string): WorkingGroup["members"] | null {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const members = lines.map((line, index) => {
    const [name, ...rest] = line.split(";");
    const position = rest.join(";").trim();
    return name?.trim() && position ? { name: name.trim(), position, role: index === 0 ? ("chair" as const) : index === 1 ? ("deputy" as const) : ("member" as const) } : null;
  });
  return members.length && members.every(Boolean) ? (members as WorkingGroup["members"]) : null;
}

function GroupForm({ districtId, group, onDone }: { districtId: string; group?: WorkingGroup; onDone: () => void }) {
  const [orderRef, setOrderRef] = useState(group?.orderRef ?? "");
  const [orderDate, setOrderDate] = useState(group ? group.orderDate.slice(0, 10) : today());
  const [members, setMembers] = useState(group ? group.members.map((member) => `${member.name}; ${member.position}`).join("\n") : "");
  const [invalid, setInvalid] = useState(false);
  const action = useAction();
  const submit = () => {
    const parsed = parseMembers(members);
    setInvalid(!parsed);
    if (!parsed) return;
    void action.run(async () => {
      await reportsApi.saveGroup(districtId, { orderRef, orderDate, members: parsed }, group?.id);
      onDone();
    });
  };
  return (
    <div data-testid="group-form">
      <Input header={tr("groups.orderRef")} value={orderRef} onChange={(event) => setOrderRef(event.target.value)} />
      <Input header={tr("groups.orderDate")} type="date" value={orderDate} onChange={(event) => setOrderDate(event.target.value)} />
      <div style={pad}>
        <label className="page-note">{tr("groups.members")}</label>
        <textarea style={fieldStyle} rows={8} value={members} onChange={(event) => setMembers(event.target.value)} placeholder="Тимков А.В.; начальник МКУ Управление образования" />
        {invalid && <p className="page-note">{tr("groups.badMembers")}</p>}
      </div>
      <div style={{ ...pad, display: "flex", gap: 8 }}>
        <Button size="s" mode="filled" disabled={action.busy || !orderRef.trim()} onClick={submit}>
          {tr("groups.save")}
        </Button>
        <Button size="s" mode="plain" onClick={onDone}>
          {tr("groups.cancel")}
        </Button>
      </div>
      <Failure error={action.error} />
    </div>
  );
}

function WorkingGroups({ districtId }: { districtId: string }) {
  const [state, reload] = useApi(`working-groups:${districtId}`, () => reportsApi.groups(districtId));
  const [editing, setEditing] = useState<WorkingGroup | "new" | null>(null);
  const action = useAction();
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const done = () => {
    setEditing(null);
    reload();
  };
  return (
    <Section header={tr("groups.title")} footer={tr("groups.intro")} data-testid="working-groups">
      {state.data.groups.length === 0 && !editing && <Placeholder description={tr("groups.none")} />}
      {state.data.groups.map((group) =>
        editing !== "new" && editing?.id === group.id ? (
          <GroupForm key={group.id} districtId={districtId} group={group} onDone={done} />
        ) : (
          <div key={group.id} style={pad}>
            <strong>{tr("groups.order", { ref: group.orderRef, date: date(group.orderDate), count: group.members.length })}</strong>
            <ol style={{ margin: "4px 0", paddingLeft: 20 }}>
              {group.members.map((member, index) => (
                <li key={index}>
                  {member.name} — {member.position}
                </li>
              ))}
            </ol>
            <div style={{ display: "flex", gap: 8 }}>
              <Button size="s" mode="bezeled" onClick={() => setEditing(group)}>
                {tr("groups.edit")}
              </Button>
              <Button size="s" mode="plain" disabled={action.busy} onClick={() => action.run(async () => (await reportsApi.deleteGroup(districtId, group.id), reload()))}>
                {tr("groups.delete")}
              </Button>
            </div>
          </div>
        ),
      )}
      {editing === "new" ? (
        <GroupForm districtId={districtId} onDone={done} />
      ) : (
        <div style={pad}>
          <Button size="s" mode="bezeled" onClick={() => setEditing("new")}>
            {tr("groups.add")}
          </Button>
        </div>
      )}
      <Failure error={action.error} />
    </Section>
  );
}

function Lines({ children }: { children: ReactNode }) {
  return <div style={{ ...pad, display: "flex", flexDirection: "column", gap: 4, fontSize: 14 }}>{children}</div>;
}

function ReportView({ districtId, reportId, navigate, canWrite }: { districtId: string; reportId: string; navigate: (route: Route) => void; canWrite: boolean }) {
  const [state, reload] = useApi(`report:${districtId}:${reportId}`, () => reportsApi.get(districtId, reportId));
  const [report, setReport] = useState<Report | null>(null);
  const action = useAction();
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const current = report && report.id === reportId ? report : state.data.report;
  const { content } = current;
  const readOnly = current.approvedAt !== null || !canWrite;
  const download = (format: "xlsx" | "pdf") => action.run(async () => save(await reportsApi.file(districtId, reportId, format)));
  return (
    <List data-testid="report">
      <div style={pad}>
        <Button size="s" mode="plain" onClick={() => navigate({ page: "reports", districtId })}>
          {tr("reports.back")}
        </Button>
      </div>
      <Title level="2" weight="2" className="page-title">
        {content.period.title}
      </Title>
      <Section footer={tr("reports.generated", { date: date(content.generatedAt), cutoff: date(content.cutoff) })}>
        {current.approvedAt !== null && <Cell data-testid="report-approved">{tr("reports.approvedBy", { date: date(current.approvedAt!), ref: current.approvalRef ?? "" })}</Cell>}
        <div style={{ ...pad, display: "flex", gap: 8, flexWrap: "wrap" }}>
          <Button size="s" mode="filled" disabled={action.busy} onClick={() => download("xlsx")} data-testid="download-xlsx">
            {tr("reports.download")} {tr("reports.xlsx")}
          </Button>
          <Button size="s" mode="filled" disabled={action.busy} onClick={() => download("pdf")} data-testid="download-pdf">
            {tr("reports.download")} {tr("reports.pdf")}
          </Button>
          {!readOnly && (
            <Button size="s" mode="bezeled" disabled={action.busy} title={tr("reports.refreshHint")} onClick={() => action.run(async () => setReport((await reportsApi.refresh(districtId, reportId)).report))}>
              {tr("reports.refresh")}
            </Button>
          )}
        </div>
        <Failure error={action.error} />
      </Section>

      <Section header={tr("reports.section.indicators")}>
        <Lines>
          {content.indicators.rows.map((row) => (
            <div key={row.key}>
              <strong>{row.title}</strong>
              <div>{content.indicators.yearLabels.map((label, index) => `${label}: ${row.values[index]}`).join(" · ")}</div>
            </div>
          ))}
        </Lines>
      </Section>

      <Section header={tr("reports.section.lists")}>
        <Lines>
          {content.lists.counts.length === 0 && <span>{tr("reports.lists.noRuns")}</span>}
          {content.lists.counts.map((count) => (
            <span key={count.year}>{tr("reports.lists.counts", { year: count.year, shnor: count.shnor, shnsu: count.shnsu })}</span>
          ))}
          {content.lists.counts.length > 0 && content.lists.fromYear === null && <span>{tr("reports.lists.oneRun")}</span>}
          {content.lists.fromYear !== null && (
            <>
              <span>{tr("reports.lists.entered", { names: content.lists.entered.map((item) => `${item.schoolName} (${item.list === "shnor" ? "ШНОР" : "ШНСУ"})`).join("; ") || tr("reports.lists.none") })}</span>
              <span>{tr("reports.lists.left", { names: content.lists.left.map((item) => `${item.schoolName} (${item.list === "shnor" ? "ШНОР" : "ШНСУ"})`).join("; ") || tr("reports.lists.none") })}</span>
            </>
          )}
        </Lines>
      </Section>

      <Section header={tr("reports.section.recommendations")}>
        <Lines>
          <span>
            {tr("reports.recs.summary", { issued: content.recommendations.issued, done: content.recommendations.doneInPeriod, open: content.recommendations.open, overdue: content.recommendations.overdue })}
          </span>
          {content.recommendations.byAddressee.map((row) => (
            <span key={row.addressee}>{tr("reports.recs.addressee", { label: row.label, issued: row.issued, done: row.done, overdue: row.overdue })}</span>
          ))}
          {content.recommendations.overdueList.map((row) => (
            <span key={row.id}>{tr("reports.recs.overdue", { title: row.title, date: date(row.dueOn) })}</span>
          ))}
        </Lines>
      </Section>

      <Section header={tr("reports.section.roadmaps")}>
        <Lines>
          {content.roadmaps.rows.length === 0 ? (
            <span>{tr("reports.roadmaps.none")}</span>
          ) : (
            <span>{tr("reports.roadmaps.summary", { total: content.roadmaps.total, done: content.roadmaps.done, overdue: content.roadmaps.overdue })}</span>
          )}
          {content.roadmaps.rows.map((row) => (
            <span key={row.id}>{tr("reports.roadmaps.row", { title: row.title, done: row.done, total: row.total, overdue: row.overdue })}</span>
          ))}
        </Lines>
      </Section>

      <Section header={tr("reports.section.decisions")}>
        <Lines>
          {content.decisions.total === 0 && <span>{tr("reports.decisions.none")}</span>}
          {content.decisions.total > 0 && <span>{tr("reports.decisions.byKind", { list: content.decisions.byKind.map((row) => `${row.label} — ${row.count}`).join("; ") })}</span>}
          {content.decisions.rows.map((row) => (
            <span key={row.id}>
              {row.document}: {row.title} ({row.kindLabel.toLowerCase()}, {row.levelLabel.toLowerCase()})
            </span>
          ))}
        </Lines>
      </Section>

      <ConclusionsSection key={`${content.generatedAt}:${current.approvedAt ?? ""}`} districtId={districtId} report={current} onSaved={setReport} canWrite={canWrite} />
      {!readOnly && <ApprovalSection districtId={districtId} report={current} onApproved={setReport} />}
    </List>
  );
}

function ConclusionsSection({ districtId, report, onSaved, canWrite }: { districtId: string; report: Report; onSaved: (report: Report) => void; canWrite: boolean }) {
  const conclusions = report.conclusions;
  const [goalsMet, setGoalsMet] = useState(conclusions?.goalsMet ?? "");
  const [measures, setMeasures] = useState(conclusions?.measuresSufficient ?? "");
  const [points, setPoints] = useState((conclusions?.growthPoints ?? []).map((point) => point.text).join("\n"));
  const [saved, setSaved] = useState(false);
  const [dueOn, setDueOn] = useState(today());
  const action = useAction();
  const readOnly = report.approvedAt !== null || !canWrite;
  if (readOnly) {
    return (
      <Section header={tr("reports.section.conclusions")} footer={tr("reports.roadmapHint")} data-testid="conclusions">
        <Lines>
          <strong>{tr("reports.goalsMet")}</strong>
          <span>{conclusions?.goalsMet || "—"}</span>
          <strong>{tr("reports.measuresSufficient")}</strong>
          <span>{conclusions?.measuresSufficient || "—"}</span>
          <strong>{tr("reports.growthPointsView")}</strong>
        </Lines>
        {canWrite && <Input header={tr("reports.toRoadmapDue")} type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} />}
        {(conclusions?.growthPoints ?? []).map((point, index) => (
          <Cell
            key={index}
            multiline
            data-testid={`growth-point-${index}`}
            after={
              point.roadmapEventId ? (
                <span className="page-note">{tr("reports.inRoadmap")}</span>
              ) : !canWrite ? undefined : (
                <Button
                  size="s"
                  mode="bezeled"
                  disabled={action.busy || !dueOn}
                  onClick={() => action.run(async () => (await reportsApi.toRoadmap(districtId, report.id, index, dueOn), onSaved((await reportsApi.get(districtId, report.id)).report)))}
                >
                  {tr("reports.toRoadmap")}
                </Button>
              )
            }
          >
            {point.text}
          </Cell>
        ))}
        <Failure error={action.error} />
      </Section>
    );
  }
  const submit = () =>
    action.run(async () => {
      const { report: updated } = await reportsApi.conclusions(districtId, report.id, {
        goalsMet,
        measuresSufficient: measures,
        growthPoints: points.split("\n").map((line) => line.trim()).filter(Boolean),
      });
      setSaved(true);
      onSaved(updated);
    });
  return (
    <Section header={tr("reports.section.conclusions")} data-testid="conclusions">
      {conclusions?.draft && <p className="page-note" style={{ ...pad, fontStyle: "italic" }} data-testid="conclusions-draft">{tr("reports.draftLabel")}</p>}
      <div style={pad}>
        <label className="page-note">{tr("reports.goalsMet")}</label>
        <textarea style={fieldStyle} rows={4} value={goalsMet} onChange={(event) => (setGoalsMet(event.target.value), setSaved(false))} />
        <label className="page-note">{tr("reports.measuresSufficient")}</label>
        <textarea style={fieldStyle} rows={4} value={measures} onChange={(event) => (setMeasures(event.target.value), setSaved(false))} />
        <label className="page-note">{tr("reports.growthPoints")}</label>
        <textarea style={fieldStyle} rows={6} value={points} onChange={(event) => (setPoints(event.target.value), setSaved(false))} />
      </div>
      <div style={{ ...pad, display: "flex", gap: 8, alignItems: "center" }}>
        <Button size="s" mode="filled" disabled={action.busy} onClick={submit}>
          {tr("reports.saveConclusions")}
        </Button>
        {saved && <span className="page-note">{tr("reports.saved")}</span>}
      </div>
      <Failure error={action.error} />
    </Section>
  );
}

function ApprovalSection({ districtId, report, onApproved }: { districtId: string; report: Report; onApproved: (report: Report) => void }) {
  const [groupsState] = useApi(`working-groups:${districtId}`, () => reportsApi.groups(districtId));
  const groups = groupsState.status === "ok" ? groupsState.data.groups : [];
  const [approvedAt, setApprovedAt] = useState(today());
  const [approvalRef, setApprovalRef] = useState("");
  const [groupId, setGroupId] = useState<string | null>(null);
  const action = useAction();
  const chosen = groupId ?? groups[0]?.id ?? "";
  const approve = () => {
    if (!window.confirm(tr("reports.approveConfirm"))) return;
    void action.run(async () => onApproved((await reportsApi.approve(districtId, report.id, { approvedAt, approvalRef, workingGroupId: chosen || null })).report));
  };
  return (
    <Section header={tr("reports.section.approval")} data-testid="approval">
      <Input header={tr("reports.approveDate")} type="date" value={approvedAt} onChange={(event) => setApprovedAt(event.target.value)} />
      <Input header={tr("reports.approveRef")} value={approvalRef} onChange={(event) => setApprovalRef(event.target.value)} placeholder="Протокол № 3 от 25.12.2026" />
      <div style={pad}>
        <label className="page-note">{tr("reports.approveGroup")}</label>
        <select style={fieldStyle} value={chosen} onChange={(event) => setGroupId(event.target.value)}>
          <option value="">{tr("reports.approveNoGroup")}</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {tr("groups.order", { ref: group.orderRef, date: date(group.orderDate), count: group.members.length })}
            </option>
          ))}
        </select>
      </div>
      <div style={pad}>
        <Button size="m" mode="filled" disabled={action.busy || !approvalRef.trim() || !approvedAt} onClick={approve}>
          {tr("reports.approve")}
        </Button>
      </div>
      <Failure error={action.error} />
    </Section>
  );
}
