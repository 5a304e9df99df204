/**
 * The district's audit log (#16 §6): who viewed which school's aggregates, who changed what and who
 * exported what, newest first, in the district's time zone. District staff and the regional operator
 * read it (GET /api/districts/:districtId/audit); filters by action and period, 100 a page with
 * "Показать ещё". Phones first: one column, 320 px.
 */
import { useRef, useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson } from "../api.ts";
import { ta } from "../messages/ru-audit.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

export interface AuditEntry {
  id: string;
  at: string;
  actorLabel: string;
  role: string | null;
  via: string;
  viaLabel: string;
  action: string;
  actionLabel: string;
  target: string;
  schoolId: string | null;
  schoolName: string | null;
}
interface AuditPage {
  timeZone: string;
  entries: AuditEntry[];
  nextCursor: string | null;
  actions: Array<{ id: string; title: string }>;
}
interface AuditFilter {
  action: string;
  from: string;
  to: string;
}

async function fetchAudit(districtId: string, filter: AuditFilter, cursor?: string): Promise<AuditPage> {
  const query = new URLSearchParams();
  if (filter.action) query.set("action", filter.action);
  if (filter.from) query.set("from", filter.from);
  if (filter.to) query.set("to", filter.to);
  if (cursor) query.set("cursor", cursor);
  const suffix = query.size ? `?${query}` : "";
  return readJson<AuditPage>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/audit${suffix}`));
}

export function AuditPage({ districtId }: { districtId: string }) {
  const [filter, setFilter] = useState<AuditFilter>({ action: "", from: "", to: "" });
  const [state, retry] = useApi(`audit:${districtId}:${filter.action}:${filter.from}:${filter.to}`, () => fetchAudit(districtId, filter));
  // The action list stays while a new filter loads.
  const actions = useRef<AuditPage["actions"]>([]);
  if (state.status === "ok") actions.current = state.data.actions;
  return (
    <List data-testid="audit">
      <Title level="2" weight="2" className="page-title">
        {ta.title}
      </Title>
      <p className="page-note">{ta.help}</p>
      <Section>
        <label className="work-field">
          <span>{ta.action}</span>
          <select value={filter.action} onChange={(event) => setFilter({ ...filter, action: event.target.value })} data-testid="audit-action">
            <option value="">{ta.allActions}</option>
            {actions.current.map((action) => (
              <option key={action.id} value={action.id}>
                {action.title}
              </option>
            ))}
          </select>
        </label>
        <label className="work-field">
          <span>{ta.from}</span>
          <input type="date" value={filter.from} onChange={(event) => setFilter({ ...filter, from: event.target.value })} data-testid="audit-from" />
        </label>
        <label className="work-field">
          <span>{ta.to}</span>
          <input type="date" value={filter.to} onChange={(event) => setFilter({ ...filter, to: event.target.value })} data-testid="audit-to" />
        </label>
      </Section>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={retry} />
      ) : (
        <Entries key={`${filter.action}:${filter.from}:${filter.to}`} districtId={districtId} filter={filter} first={state.data} />
      )}
    </List>
  );
}

function Entries({ districtId, filter, first }: { districtId: string; filter: AuditFilter; first: AuditPage }) {
  const [entries, setEntries] = useState(first.entries);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const when = new Intl.DateTimeFormat("ru-RU", { timeZone: first.timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    setFailed(null);
    try {
      const page = await fetchAudit(districtId, filter, cursor);
      setEntries((shown) => [...shown, ...page.entries]);
      setCursor(page.nextCursor);
    } catch (error) {
      setFailed(asApiError(error).message || ta.moreFailed);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Section header={ta.timeZone(first.timeZone)}>
      {entries.length === 0 && (
        <Cell multiline data-testid="audit-empty">
          {ta.empty}
        </Cell>
      )}
      {entries.map((entry) => (
        <Cell
          key={entry.id}
          multiline
          data-testid="audit-entry"
          subtitle={`${entry.actorLabel} · ${entry.viaLabel} · ${entry.schoolName ?? ta.wholeDistrict}`}
          description={when.format(new Date(entry.at))}
        >
          {entry.actionLabel}
        </Cell>
      ))}
      {failed && <p className="work-note">{failed}</p>}
      {cursor && (
        <div className="work-actions">
          <Button data-testid="audit-more" loading={loading} disabled={loading} onClick={() => void more()}>
            {ta.more}
          </Button>
        </div>
      )}
    </Section>
  );
}
