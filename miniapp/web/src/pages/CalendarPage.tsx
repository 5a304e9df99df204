/**
 * The monitoring calendar (#14 §4): the district's school year grouped by month, overdue entries in
 * red, done ones marked; district staff edit an entry (title, dates, roles, people, the reminder's
 * days), add and delete their own; the responsible mark done. Phones first: one column. Routes:
 * miniapp/api/routes/calendar.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { tcal } from "../messages/ru-calendar.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { calendarApi, type CalendarEntry, type CalendarEntryInput, type CalendarView } from "./CalendarApi.ts";

const ROLES = ["district", "head", "methodologist", "assessment", "mentor"];
const OVERDUE = { color: "var(--tgui--destructive_text_color, #d93025)" } as const;

/** "2027-04-27" → "27 апреля 2027" */
const dateText = (iso: string, withYear = true) => {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  return `${day} ${tcal.monthsGenitive[month - 1]}${withYear ? ` ${year}` : ""}`;
};
const shiftYear = (year: string, by: number) => {
  const start = Number(year.slice(0, 4)) + by;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
};

export function CalendarPage({ districtId }: { districtId: string; navigate: (route: Route) => void } & Record<string, unknown>) {
  const [year, setYear] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [state, reload] = useApi(`calendar:${districtId}:${year ?? ""}`, () => calendarApi.view(districtId, year));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const view = state.data;
  const months = new Map<string, CalendarEntry[]>();
  for (const entry of view.entries) {
    const month = entry.dueOn.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), entry]);
  }
  return (
    <List data-testid="calendar">
      <Title level="2" weight="2" className="page-title">
        {tcal.title}
      </Title>
      <p className="page-subtitle">
        {view.districtName}, {tcal.year(view.schoolYear)}
      </p>
      <p className="page-note">{view.canEdit ? tcal.intro : tcal.introReader}</p>
      <div className="work-sheet-buttons">
        <Button size="s" mode="plain" onClick={() => setYear(shiftYear(view.schoolYear, -1))}>
          {tcal.previous}
        </Button>
        <Button size="s" mode="plain" onClick={() => setYear(shiftYear(view.schoolYear, 1))}>
          {tcal.next}
        </Button>
      </div>
      {view.canEdit &&
        (adding ? (
          <EntryForm
            view={view}
            initial={null}
            onDone={(changed) => {
              setAdding(false);
              if (changed) reload();
            }}
            save={(input) => calendarApi.add(districtId, input)}
          />
        ) : (
          <div className="work-actions">
            <Button onClick={() => setAdding(true)}>{tcal.add}</Button>
          </div>
        ))}
      {view.entries.length === 0 && <p className="page-note">{tcal.none}</p>}
      {[...months].map(([month, entries]) => (
        <Section key={month} header={`${tcal.months[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`}>
          {entries.map((entry) => (
            <EntryCard key={entry.id} entry={entry} view={view} onChanged={reload} />
          ))}
        </Section>
      ))}
    </List>
  );
}

function EntryCard({ entry, view, onChanged }: { entry: CalendarEntry; view: CalendarView; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const overdue = !entry.doneAt && entry.dueOn < view.today;
  const names = new Map(view.people.map((person) => [person.personId, person.displayName ?? "—"]));
  const who = [...entry.responsibleRoles.map((role) => tcal.roleNames[role] ?? role), ...entry.responsibleIds.map((id) => names.get(id) ?? "—")];
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work()
      .then(onChanged, (failure: unknown) => setError(asApiError(failure)))
      .finally(() => setBusy(false));
  };
  if (editing) {
    return (
      <EntryForm
        view={view}
        initial={entry}
        onDone={(changed) => {
          setEditing(false);
          if (changed) onChanged();
        }}
        save={(input) => calendarApi.update(entry.id, input)}
      />
    );
  }
  return (
    <div className="work-school" data-testid={`calendar-entry-${entry.key ?? entry.id}`} data-overdue={overdue ? "yes" : "no"}>
      <Cell
        multiline
        subtitle={
          <span style={overdue ? OVERDUE : undefined}>
            {entry.startsOn && entry.startsOn !== entry.dueOn ? tcal.period(dateText(entry.startsOn, false), dateText(entry.dueOn)) : tcal.due(dateText(entry.dueOn))}
            {overdue ? ` — ${tcal.overdue}` : ""}
          </span>
        }
      >
        <span style={overdue ? OVERDUE : undefined}>{entry.title}</span>
      </Cell>
      <ul className="work-lines work-note">
        {entry.doneAt && <li>{tcal.doneAt(new Date(entry.doneAt).toLocaleDateString("ru-RU"))}</li>}
        <li>
          {tcal.who}: {who.length ? who.join(", ") : tcal.nobody}
        </li>
        <li>{tcal.remind(entry.remindDaysBefore)}</li>
        {entry.key === null && <li>{tcal.own}</li>}
      </ul>
      {!confirm && (
        <div className="work-sheet-buttons">
          <Button size="s" mode={entry.doneAt ? "plain" : "bezeled"} disabled={busy} onClick={() => act(() => calendarApi.done(entry.id, !entry.doneAt))}>
            {entry.doneAt ? tcal.markUndone : tcal.markDone}
          </Button>
          {view.canEdit && (
            <Button size="s" mode="outline" onClick={() => setEditing(true)}>
              {tcal.edit}
            </Button>
          )}
          {view.canEdit && entry.key === null && (
            <Button size="s" mode="plain" onClick={() => setConfirm(true)}>
              {tcal.remove}
            </Button>
          )}
        </div>
      )}
      {confirm && (
        <div className="work-confirm">
          <p>{tcal.removeAsk(entry.title)}</p>
          <div className="work-sheet-buttons">
            <Button size="s" disabled={busy} onClick={() => act(() => calendarApi.remove(entry.id))}>
              {tcal.removeYes}
            </Button>
            <Button size="s" mode="plain" onClick={() => setConfirm(false)}>
              {tcal.cancel}
            </Button>
          </div>
        </div>
      )}
      {error && <p className="work-error">{error.message}</p>}
    </div>
  );
}

function EntryForm({
  view,
  initial,
  onDone,
  save,
}: {
  view: CalendarView;
  initial: CalendarEntry | null;
  onDone: (changed: boolean) => void;
  save: (input: CalendarEntryInput) => Promise<unknown>;
}) {
  const [input, setInput] = useState<CalendarEntryInput>(() =>
    initial
      ? {
          title: initial.title,
          startsOn: initial.startsOn,
          dueOn: initial.dueOn,
          responsibleRoles: initial.responsibleRoles,
          responsibleIds: initial.responsibleIds,
          remindDaysBefore: initial.remindDaysBefore,
        }
      : { title: "", startsOn: null, dueOn: view.today, responsibleRoles: ["district"], responsibleIds: [], remindDaysBefore: 3 },
  );
  const [remind, setRemind] = useState(String(input.remindDaysBefore));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (patch: Partial<CalendarEntryInput>) => setInput({ ...input, ...patch });
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  const submit = () => {
    setBusy(true);
    setError(null);
    save({ ...input, remindDaysBefore: remind === "" ? -1 : Number(remind) })
      .then(
        () => onDone(true),
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <div className="work-member" data-testid="calendar-form">
      <p className="work-note">{initial ? tcal.formEdit : tcal.formNew}</p>
      <label className="work-field">
        {tcal.titleField}
        <textarea rows={3} maxLength={300} value={input.title} onChange={(event) => set({ title: event.target.value })} />
      </label>
      <label className="work-field">
        {tcal.startsOn}
        <input type="date" value={input.startsOn ?? ""} onChange={(event) => set({ startsOn: event.target.value || null })} />
      </label>
      <label className="work-field">
        {tcal.dueOn}
        <input type="date" value={input.dueOn} onChange={(event) => set({ dueOn: event.target.value })} />
      </label>
      <p className="work-note">{tcal.roles}</p>
      {ROLES.map((role) => (
        <label key={role} className="work-field">
          <span>
            <input type="checkbox" checked={input.responsibleRoles.includes(role)} onChange={(event) => set({ responsibleRoles: toggle(input.responsibleRoles, role, event.target.checked) })} />{" "}
            {tcal.roleNames[role]}
          </span>
        </label>
      ))}
      <p className="work-note">{tcal.people}</p>
      {view.people.length === 0 && <p className="work-note">{tcal.noPeople}</p>}
      {view.people.map((person) => (
        <label key={person.personId} className="work-field">
          <span>
            <input
              type="checkbox"
              checked={input.responsibleIds.includes(person.personId)}
              onChange={(event) => set({ responsibleIds: toggle(input.responsibleIds, person.personId, event.target.checked) })}
            />{" "}
            {person.displayName ?? "—"} ({person.roles.map((role) => tcal.roleNames[role] ?? role).join(", ")})
          </span>
        </label>
      ))}
      <label className="work-field">
        {tcal.remindDays}
        <input inputMode="numeric" value={remind} onChange={(event) => setRemind(event.target.value.replace(/\D/g, "").slice(0, 2))} />
      </label>
      {error && <p className="work-error">{error.message}</p>}
      <div className="work-sheet-buttons">
        <Button disabled={busy} onClick={submit}>
          {tcal.save}
        </Button>
        <Button mode="plain" onClick={() => onDone(false)}>
          {tcal.cancel}
        </Button>
      </div>
    </div>
  );
}
