/**
 * The district's addressed recommendations (#14 §1): pick a school → proposals from its risk profile, the released
 * deficits of its teachers and its low-solved ВПР topics → edit (title, text, addressee, form, deadline, the
 * school-curator) → send; the tracking list with deadlines, states, who acknowledged and the measures; the rules'
 * versions (a JSON editor checked by the server, errors in Russian). District staff only (the server checks).
 */
import { LibraryPicker } from "./LibraryLink.tsx";
import { useState } from "react";
import { Button, Cell, Input, List, Section, Title } from "@telegram-apps/telegram-ui";
import { api, apiFetch, asApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { dayOf, formatDate, rr } from "../messages/ru-recommendations.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { recApi, type GenerateResult, type Recommendation, type RuleSetView } from "./RecommendationsApi.ts";

const ADDRESSEES = ["head", "district", "institute", "assessment", "curator"];
const FORMS = ["letter", "regulation", "methodical", "programme", "selection"];
const STATES = ["sent", "acknowledged", "in_work", "done", "rejected"];

const box = { padding: "8px 16px" } as const;

export function RecommendationsPage({ districtId, schoolId, navigate }: { districtId: string; schoolId?: string; navigate: (route: Route) => void }) {
  const [me, reloadMe] = useApi("me", () => api.me());
  const [school, setSchool] = useState(schoolId ?? "");
  const [generated, setGenerated] = useState<GenerateResult | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [proposals, reloadProposals] = useApi(`recs-proposed:${districtId}:${school}:${version}`, () =>
    school ? recApi.list(districtId, { schoolId: school, state: "proposed" }) : Promise.resolve({ recommendations: [] }),
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());

  if (me.status === "loading") return <Loading />;
  if (me.status === "error") return <ErrorView error={me.error} onRetry={reloadMe} />;
  const schools = me.data.schools.filter((entry) => entry.districtId === districtId);
  const refresh = () => setVersion((n) => n + 1);
  // The working group (#15) follows the recommendations, read-only: the tracking list alone.
  const canWrite = me.data.roles.some((grant) => (grant.role === "district" || grant.role === "regional") && grant.districtId === districtId);
  if (!canWrite) {
    return (
      <List data-testid="recommendations">
        <Title level="2" weight="2" className="page-title">
          {rr.title}
        </Title>
        <Tracking districtId={districtId} schoolId={schoolId} />
      </List>
    );
  }

  const generate = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setGenerated(await recApi.generate(districtId, school));
      refresh();
    } catch (caught) {
      setError(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await recApi.send(districtId, [...selected]);
      const people = result.sent.reduce((sum, entry) => sum + entry.queued, 0);
      setNotice([rr.sentResult(result.sent.length, people), ...(result.sent.some((entry) => entry.recipients === 0) ? [rr.noRecipients] : [])].join(" "));
      setSelected(new Set());
      refresh();
    } catch (caught) {
      setError(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <List data-testid="recommendations">
      <Title level="2" weight="2" className="page-title">
        {rr.title}
      </Title>
      <p className="page-subtitle">{rr.subtitle}</p>
      <Section header={rr.school}>
        <label className="work-select" style={{ display: "block", ...box }}>
          <select value={school} onChange={(event) => { setSchool(event.target.value); setGenerated(null); setSelected(new Set()); }} data-testid="recs-school">
            <option value="">{rr.chooseSchool}</option>
            {schools.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <div className="work-actions">
          <Button size="m" stretched disabled={!school || busy} onClick={generate} data-testid="recs-generate">
            {busy ? rr.generating : rr.generate}
          </Button>
          {generated && (
            <p className="page-subtitle" role="status" data-testid="recs-generated">
              {rr.sources(generated.sources.riskProfile, generated.sources.deficits, generated.sources.identification)} {rr.createdCount(generated.created.length)}{" "}
              {generated.skipped.length ? rr.skipped(generated.skipped.length) : ""}
              {generated.curatorCandidates.length ? ` ${rr.curatorHint(generated.curatorCandidates.map((entry) => entry.name).join(", "))}` : ""}
            </p>
          )}
          {notice && <p className="page-subtitle" role="status" data-testid="recs-notice">{notice}</p>}
          {error && <p className="work-error" role="alert">{error}</p>}
        </div>
      </Section>
      {school && (
        <Section header={rr.proposals}>
          {proposals.status === "loading" && <Loading />}
          {proposals.status === "error" && <ErrorView error={proposals.error} onRetry={reloadProposals} />}
          {proposals.status === "ok" && !proposals.data.recommendations.length && <Cell multiline>{rr.noProposals}</Cell>}
          {proposals.status === "ok" &&
            proposals.data.recommendations.map((rec) => (
              <ProposalEditor
                key={rec.id}
                rec={rec}
                schools={schools.filter((entry) => entry.id !== rec.schoolId)}
                selected={selected.has(rec.id)}
                onSelect={(on) => setSelected((before) => { const next = new Set(before); if (on) next.add(rec.id); else next.delete(rec.id); return next; })}
                onChanged={refresh}
              />
            ))}
          {selected.size > 0 && (
            <div className="work-actions">
              <Button size="m" stretched disabled={busy} onClick={send} data-testid="recs-send">
                {rr.sendSelected(selected.size)}
              </Button>
            </div>
          )}
        </Section>
      )}
      <Tracking key={version} districtId={districtId} schoolId={school || undefined} />
      <RulesEditor districtId={districtId} />
      <Section>
        {/* The district is an addressee too (its roadmap): its own list is the addressee's page. */}
        <Cell Component="button" multiline description={rr.toDistrictHint} onClick={() => navigate({ page: "myRecommendations" })} data-testid="recs-mine-link">
          {rr.toDistrict}
        </Cell>
      </Section>
    </List>
  );
}

function ProposalEditor({ rec, schools, selected, onSelect, onChanged }: { rec: Recommendation; schools: Array<{ id: string; name: string }>; selected: boolean; onSelect: (on: boolean) => void; onChanged: () => void }) {
  const [draft, setDraft] = useState({ title: rec.title, text: rec.text, addressee: rec.addressee, form: rec.form, dueOn: dayOf(rec.dueOn), curatorSchoolId: rec.curatorSchoolId ?? "", libraryItemId: rec.libraryItemId ?? "" });
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<unknown>, done: string | null) => {
    setBusy(true);
    setStatus(null);
    try {
      await work();
      setStatus(done);
      onChanged();
    } catch (caught) {
      setStatus(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(
      () =>
        recApi.edit(rec.id, {
          ...draft,
          curatorSchoolId: draft.addressee === "curator" && draft.curatorSchoolId ? draft.curatorSchoolId : null,
          libraryItemId: draft.libraryItemId || null,
        }),
      rr.saved,
    );
  return (
    <div style={{ ...box, borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" }} data-testid={`proposal-${rec.id}`}>
      <label style={{ display: "flex", gap: 8, alignItems: "center", minHeight: 44 }}>
        <input type="checkbox" checked={selected} onChange={(event) => onSelect(event.target.checked)} data-testid={`proposal-select-${rec.id}`} />
        <b>{rec.title}</b>
      </label>
      <p className="page-subtitle" style={{ padding: 0 }}>
        {rr.basis}: {rec.basis.map((item) => item.label).join("; ")}
      </p>
      <Input header={rr.titleField} value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
      <label style={{ display: "block", margin: "8px 0" }}>
        <span>{rr.textField}</span>
        <textarea value={draft.text} rows={6} style={{ width: "100%", boxSizing: "border-box" }} onChange={(event) => setDraft({ ...draft, text: event.target.value })} />
      </label>
      <label className="work-select" style={{ display: "block", margin: "4px 0" }}>
        <span>{rr.addressee}: </span>
        <select value={draft.addressee} onChange={(event) => setDraft({ ...draft, addressee: event.target.value })} data-testid={`proposal-addressee-${rec.id}`}>
          {ADDRESSEES.map((key) => (
            <option key={key} value={key}>
              {rr.addressees[key]}
            </option>
          ))}
        </select>
      </label>
      {draft.addressee === "curator" && (
        <label className="work-select" style={{ display: "block", margin: "4px 0" }}>
          <span>{rr.curatorSchool}: </span>
          <select value={draft.curatorSchoolId} onChange={(event) => setDraft({ ...draft, curatorSchoolId: event.target.value })}>
            <option value="">{rr.noCurator}</option>
            {schools.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="work-select" style={{ display: "block", margin: "4px 0" }}>
        <span>{rr.form}: </span>
        <select value={draft.form} onChange={(event) => setDraft({ ...draft, form: event.target.value })}>
          {FORMS.map((key) => (
            <option key={key} value={key}>
              {rr.forms[key]}
            </option>
          ))}
        </select>
      </label>
      <Input header={rr.dueOn} type="date" value={draft.dueOn} onChange={(event) => setDraft({ ...draft, dueOn: event.target.value })} />
      {/* #15: a material of the district's library the addressee opens from the notice. */}
      <LibraryPicker districtId={rec.districtId} value={draft.libraryItemId} onChange={(libraryItemId) => setDraft({ ...draft, libraryItemId })} testId={`proposal-library-${rec.id}`} />
      <div className="work-actions" style={{ display: "flex", gap: 8 }}>
        <Button size="s" disabled={busy} onClick={save}>
          {rr.save}
        </Button>
        <Button size="s" mode="outline" disabled={busy} onClick={() => act(() => recApi.reject(rec.id), null)}>
          {rr.reject}
        </Button>
      </div>
      {status && <p className="page-subtitle" role="status">{status}</p>}
    </div>
  );
}

function Tracking({ districtId, schoolId }: { districtId: string; schoolId?: string }) {
  const [state, setState] = useState("");
  const [list, reload] = useApi(`recs-track:${districtId}:${schoolId ?? ""}:${state}`, () => recApi.list(districtId, { schoolId, state: state || undefined }));
  const rows = list.status === "ok" ? list.data.recommendations.filter((rec) => rec.state !== "proposed") : [];
  return (
    <Section header={rr.tracking} data-testid="recs-tracking">
      <label className="work-select" style={{ display: "block", ...box }}>
        <span>{rr.filterState}: </span>
        <select value={state} onChange={(event) => setState(event.target.value)}>
          <option value="">{rr.allStates}</option>
          {STATES.map((key) => (
            <option key={key} value={key}>
              {rr.states[key]}
            </option>
          ))}
        </select>
      </label>
      {list.status === "loading" && <Loading />}
      {list.status === "error" && <ErrorView error={list.error} onRetry={reload} />}
      {list.status === "ok" && !rows.length && <Cell multiline>{rr.noTracking}</Cell>}
      {rows.map((rec) => (
        <Cell
          key={rec.id}
          multiline
          data-testid={`tracked-${rec.id}`}
          subtitle={[
            `${rec.addresseeName}${rec.curatorSchoolName ? ` (${rec.curatorSchoolName})` : ""} · ${rr.states[rec.state] ?? rec.state} · ${rr.due(formatDate(rec.dueOn))}`,
            rec.acknowledgedAt ? rr.acknowledged(rec.acknowledgedByName ?? rr.someone, formatDate(rec.acknowledgedAt)) : rec.state === "sent" ? rr.notAcknowledged : "",
            rec.sentAt ? rr.issued(rec.issuedByName ?? rr.someone, formatDate(rec.sentAt)) : "",
          ]
            .filter(Boolean)
            .join("\n")}
          description={
            rec.events.length
              ? `${rr.measures}: ${rec.events.map((event) => rr.measure(event.number, event.title, formatDate(event.dueOn), event.overdue ? rr.overdue : (rr.eventStates[event.state] ?? event.state))).join("; ")}`
              : rec.state === "sent" || rec.state === "rejected" ? undefined : rr.noMeasures
          }
          after={rec.overdue ? <span style={{ color: "var(--tg-theme-destructive-text-color, #d33)", fontWeight: 600 }}>{rr.overdue}</span> : undefined}
        >
          {rec.schoolName ? `${rec.schoolName}: ` : ""}
          {rec.title}
        </Cell>
      ))}
    </Section>
  );
}

function RulesEditor({ districtId }: { districtId: string }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<RuleSetView | null>(null);
  const [view, reload] = useApi(`recs-rules:${districtId}:${open}`, () => (open ? recApi.rules(districtId) : Promise.resolve(null)));
  return (
    <Section header={rr.rules} footer={open ? rr.rulesHint : undefined}>
      <div className="work-actions">
        <Button size="s" mode="outline" onClick={() => setOpen(!open)} data-testid="recs-rules-toggle">
          {open ? rr.hideRules : rr.showRules}
        </Button>
      </div>
      {open && view.status === "loading" && <Loading />}
      {open && view.status === "error" && <ErrorView error={view.error} onRetry={reload} />}
      {open && view.status === "ok" && view.data && <RulesForm key={(saved ?? view.data).version} view={saved ?? view.data} justSaved={saved !== null} onSaved={setSaved} />}
    </Section>
  );
}

function RulesForm({ view, justSaved, onSaved }: { view: RuleSetView; justSaved: boolean; onSaved: (view: RuleSetView) => void }) {
  const [text, setText] = useState(() => JSON.stringify(view.rules, null, 2));
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const save = async () => {
    let rules: unknown;
    try {
      rules = JSON.parse(text);
    } catch {
      setErrors([rr.rulesBadJson]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      // Not recApi: a refusal carries the list of problems (`lines`), shown one per line.
      const response = await apiFetch(`/districts/${encodeURIComponent(view.districtId)}/recommendation-rules`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ rules, note }),
      });
      const body = (await response.json().catch(() => null)) as (RuleSetView & { message?: string; lines?: string[] }) | null;
      if (response.ok && body) onSaved(body);
      else setErrors([body?.message ?? String(response.status), ...(body?.lines ?? [])]);
    } catch (caught) {
      setErrors([asApiError(caught).message]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={box}>
      <p className="page-subtitle" style={{ padding: 0 }} data-testid="recs-rules-version">
        {rr.rulesVersion(view.version, view.stored)}
      </p>
      {justSaved && <p role="status">{rr.rulesSaved(view.version)}</p>}
      <label style={{ display: "block" }}>
        <span>{rr.rulesJson}</span>
        <textarea value={text} rows={16} spellCheck={false} style={{ width: "100%", boxSizing: "border-box", fontFamily: "monospace", fontSize: 12 }} onChange={(event) => setText(event.target.value)} data-testid="recs-rules-json" />
      </label>
      <Input header={rr.rulesNote} value={note} onChange={(event) => setNote(event.target.value)} data-testid="recs-rules-note" />
      <div className="work-actions">
        <Button size="m" stretched disabled={busy} onClick={save} data-testid="recs-rules-save">
          {rr.rulesSave}
        </Button>
        {errors.length > 0 && (
          <pre className="work-error" role="alert" style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }}>
            {errors.join("\n")}
          </pre>
        )}
      </div>
      {view.versions.map((entry) => (
        <Cell key={entry.version} multiline description={entry.note}>
          {rr.versionRow(entry.version, formatDate(entry.createdAt))}
        </Cell>
      ))}
    </div>
  );
}
