/**
 * Network events (#15 §4): the district's seminars, courses and meetings — for a member the announced
 * ones meant for them, with «Записаться» / «Отменить запись» and the calendar file (.ics); for the
 * organisers (district staff, the institute's methodologist) also creating an event, announcing it
 * (the Outbox sends «Записаться» to the audience), the registrations with attendance, and materials
 * (a link or a file) sent to the registered. The working group reads. One column, 320 px.
 */
import { useState } from "react";
import { Button, List, Section, Title } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson, type ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { save } from "../download.ts";
import { tev } from "../messages/ru-seminars.ts";
import { useApi } from "../useApi.ts";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";
import { seminarsApi, type EventInput, type NetworkEvent, type Programme } from "./SeminarsApi.ts";

const KINDS = ["seminar", "course", "meeting"];
const AUDIENCE_ROLES = ["teacher", "head", "mentor", "tutor", "curator", "curator_head", "methodologist", "assessment", "district"];

async function download(path: string, filename: string) {
  const response = await apiFetch(path);
  if (!response.ok) await readJson(response);
  save({ blob: await response.blob(), filename });
}

export function EventsPage({ route }: NetworkPageProps) {
  const districtId = route.districtId ?? "";
  const [creating, setCreating] = useState(false);
  const [state, reload] = useApi(`events:${districtId}`, () => seminarsApi.events(districtId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const view = state.data;
  return (
    <List data-testid="events">
      <Title level="2" weight="2" className="page-title">
        {tev.title}
      </Title>
      <p className="page-note">{tev.intro}</p>
      {view.canEdit &&
        (creating ? (
          <Section header={tev.create}>
            <EventForm
              districtId={districtId}
              programmes={view.programmes}
              schools={view.schools}
              onDone={(changed) => {
                setCreating(false);
                if (changed) reload();
              }}
            />
          </Section>
        ) : (
          <div className="work-sheet-buttons">
            <Button data-testid="event-create" onClick={() => setCreating(true)}>
              {tev.create}
            </Button>
          </div>
        ))}
      {view.events.length === 0 && <p className="work-note">{tev.none}</p>}
      {view.events.map((event) => (
        <EventCard key={event.id} event={event} canEdit={view.canEdit} onChange={reload} />
      ))}
    </List>
  );
}

function EventCard({ event, canEdit, onChange }: { event: NetworkEvent; canEdit: boolean; onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const act = (work: Promise<unknown>, after?: (result: never) => void) => {
    setError(null);
    work.then(
      (result) => {
        after?.(result as never);
        onChange();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };
  const isPast = new Date(event.endsAt ?? event.startsAt).getTime() < Date.now();
  return (
    <div className="work-school" data-testid={`event-${event.id}`}>
      <b>
        {tev.kinds[event.kind] ?? event.kind}: {event.title}
      </b>
      <p className="work-note">
        {event.when}
        {event.place ? ` · ${event.place}` : ""}
      </p>
      {event.onlineUrl && (
        <p className="work-note">
          <a href={event.onlineUrl} target="_blank" rel="noreferrer noopener">
            {event.onlineUrl}
          </a>
        </p>
      )}
      {event.description && <p className="work-note">{event.description}</p>}
      <p className="work-note">
        {tev.seats(event.registered, event.capacity)}
        {event.mine ? ` · ${tev.registered}` : ""}
        {!event.announcedAt ? ` · ${tev.notAnnounced}` : ""}
      </p>
      {error && <p className="work-error">{error.message}</p>}
      {note && <p className="work-note">{note}</p>}
      <div className="work-sheet-buttons">
        {event.announcedAt && !isPast && !event.mine && (
          <Button size="s" data-testid={`event-register-${event.id}`} onClick={() => act(seminarsApi.register(event.id))}>
            {tev.register}
          </Button>
        )}
        {event.mine && !isPast && (
          <Button size="s" mode="plain" data-testid={`event-unregister-${event.id}`} onClick={() => act(seminarsApi.unregister(event.id))}>
            {tev.unregister}
          </Button>
        )}
        <Button size="s" mode="plain" data-testid={`event-ics-${event.id}`} onClick={() => download(seminarsApi.icsPath(event.id), `event-${event.id}.ics`).catch((failure: unknown) => setError(asApiError(failure)))}>
          {tev.ics}
        </Button>
        {canEdit && !event.announcedAt && (
          <Button size="s" mode="bezeled" data-testid={`event-announce-${event.id}`} onClick={() => act(seminarsApi.announce(event.id), (result: { enqueued: number }) => setNote(tev.announced(result.enqueued)))}>
            {tev.announce}
          </Button>
        )}
        <Button size="s" mode="plain" data-testid={`event-open-${event.id}`} onClick={() => setOpen(!open)}>
          {open ? tev.close : tev.open}
        </Button>
      </div>
      {open && <EventDetails event={event} onChange={onChange} />}
    </div>
  );
}

function EventDetails({ event, onChange }: { event: NetworkEvent; onChange: () => void }) {
  const [state, reload] = useApi(`event:${event.id}`, () => seminarsApi.detail(event.id));
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [link, setLink] = useState({ url: "", title: "" });
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const detail = state.data;
  const act = (work: Promise<unknown>, after?: (result: never) => void) => {
    setError(null);
    work.then(
      (result) => {
        after?.(result as never);
        reload();
        onChange();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };
  return (
    <div className="work-member" data-testid={`event-details-${event.id}`}>
      {error && <p className="work-error">{error.message}</p>}
      {note && <p className="work-note">{note}</p>}
      <p className="work-note">
        <b>{tev.materials}</b>
      </p>
      {detail.event.materials.length === 0 && <p className="work-note">{tev.noMaterials}</p>}
      <ul className="work-lines">
        {detail.event.materials.map((material) => (
          <li key={material.index}>
            {material.kind === "link" ? (
              <a href={material.url} target="_blank" rel="noreferrer noopener">
                {material.title}
              </a>
            ) : (
              <Button size="s" mode="plain" data-testid={`event-material-${material.index}`} onClick={() => download(seminarsApi.materialPath(event.id, material.index), material.title).catch((failure: unknown) => setError(asApiError(failure)))}>
                {material.title}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {detail.canEdit && (
        <>
          <label className="work-field">
            {tev.linkTitle}
            <input data-testid="event-link-title" maxLength={200} value={link.title} onChange={(change) => setLink({ ...link, title: change.target.value })} />
          </label>
          <label className="work-field">
            {tev.linkUrl}
            <input data-testid="event-link-url" type="url" maxLength={400} value={link.url} onChange={(change) => setLink({ ...link, url: change.target.value })} />
          </label>
          <div className="work-sheet-buttons">
            <Button size="s" data-testid="event-link-add" disabled={!link.url || !link.title} onClick={() => act(seminarsApi.addLink(event.id, link), (result: { notified: number }) => (setNote(tev.materialSent(result.notified)), setLink({ url: "", title: "" })))}>
              {tev.addLink}
            </Button>
          </div>
          <label className="work-field">
            {tev.addFile}
            <input
              type="file"
              data-testid="event-file"
              onChange={(change) => {
                const file = change.target.files?.[0];
                if (file) act(seminarsApi.addFile(event.id, file), (result: { notified: number }) => setNote(tev.materialSent(result.notified)));
                change.target.value = "";
              }}
            />
          </label>
        </>
      )}
      {detail.registrations && (
        <>
          <p className="work-note">
            <b>{tev.registrations}</b>
          </p>
          {detail.registrations.length === 0 && <p className="work-note">{tev.noRegistrations}</p>}
          <ul className="work-lines" data-testid={`event-registrations-${event.id}`}>
            {detail.registrations.map((registration) => (
              <li key={registration.personId}>
                {registration.displayName ?? "—"}
                {registration.cancelled ? ` — ${tev.cancelledRegistration}` : ""}
                {detail.canEdit && !registration.cancelled && (
                  <span>
                    {" "}
                    <label>
                      <input
                        type="checkbox"
                        data-testid={`event-attended-${registration.personId}`}
                        checked={registration.attended === true}
                        onChange={(change) => act(seminarsApi.attendance(event.id, registration.personId, change.target.checked))}
                      />{" "}
                      {tev.attended}
                    </label>
                  </span>
                )}
                {!detail.canEdit && registration.attended !== null && ` — ${registration.attended ? tev.attended : tev.missed}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** A local date-time ("2027-02-03T10:00" of the phone's clock) as an ISO instant. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : null);

export function EventForm({
  districtId,
  programmes,
  schools,
  initial,
  onDone,
}: {
  districtId: string;
  programmes: Programme[];
  /** The district's schools to choose from; null: the event is for every school. */
  schools: Array<{ id: string; name: string }> | null;
  initial?: { title: string; requestIds: string[]; areas: string[] };
  onDone: (changed: boolean) => void;
}) {
  const [input, setInput] = useState({
    kind: "seminar",
    title: initial?.title ?? "",
    description: "",
    startsAt: "",
    endsAt: "",
    place: "",
    onlineUrl: "",
    capacity: "",
    roles: ["teacher", "head"],
    schoolIds: [] as string[],
    programmeId: programmes.find((programme) => programme.state === "draft")?.id ?? programmes[0]?.id ?? "",
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (patch: Partial<typeof input>) => setInput({ ...input, ...patch });
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  const submit = () => {
    const body: EventInput = {
      kind: input.kind,
      title: input.title,
      description: input.description.trim() || null,
      startsAt: isoOf(input.startsAt) ?? "",
      endsAt: isoOf(input.endsAt),
      place: input.place.trim() || null,
      onlineUrl: input.onlineUrl.trim() || null,
      capacity: input.capacity ? Number(input.capacity) : null,
      audience: { roles: input.roles, schoolIds: input.schoolIds.length ? input.schoolIds : null },
      programmeId: input.programmeId || null,
      requestIds: initial?.requestIds ?? [],
      areas: initial?.areas ?? [],
    };
    setBusy(true);
    setError(null);
    seminarsApi
      .createEvent(districtId, body)
      .then(
        () => onDone(true),
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <div className="work-member" data-testid="event-form">
      {initial && <p className="work-note">{tev.linkedRequests(initial.requestIds.length)}</p>}
      <label className="work-field">
        {tev.kind}
        <select data-testid="event-kind" value={input.kind} onChange={(change) => set({ kind: change.target.value })}>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {tev.kinds[kind]}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {tev.eventTitle}
        <textarea data-testid="event-title" rows={2} maxLength={200} value={input.title} onChange={(change) => set({ title: change.target.value })} />
      </label>
      <label className="work-field">
        {tev.description}
        <textarea data-testid="event-description" rows={3} maxLength={3000} value={input.description} onChange={(change) => set({ description: change.target.value })} />
      </label>
      <label className="work-field">
        {tev.startsAt}
        <input data-testid="event-starts" type="datetime-local" value={input.startsAt} onChange={(change) => set({ startsAt: change.target.value })} />
      </label>
      <label className="work-field">
        {tev.endsAt}
        <input data-testid="event-ends" type="datetime-local" value={input.endsAt} onChange={(change) => set({ endsAt: change.target.value })} />
      </label>
      <label className="work-field">
        {tev.place}
        <input data-testid="event-place" maxLength={300} value={input.place} onChange={(change) => set({ place: change.target.value })} />
      </label>
      <label className="work-field">
        {tev.onlineUrl}
        <input data-testid="event-url" type="url" maxLength={400} value={input.onlineUrl} onChange={(change) => set({ onlineUrl: change.target.value })} />
      </label>
      <label className="work-field">
        {tev.capacity}
        <input data-testid="event-capacity" inputMode="numeric" value={input.capacity} onChange={(change) => set({ capacity: change.target.value.replace(/\D/g, "").slice(0, 5) })} />
      </label>
      <label className="work-field">
        {tev.programme}
        <select data-testid="event-programme" value={input.programmeId} onChange={(change) => set({ programmeId: change.target.value })}>
          <option value="">{tev.noProgramme}</option>
          {programmes.map((programme) => (
            <option key={programme.id} value={programme.id}>
              {programme.period}: {programme.title}
            </option>
          ))}
        </select>
      </label>
      <p className="work-note">{tev.audience}</p>
      {AUDIENCE_ROLES.map((role) => (
        <label key={role} className="work-field">
          <span>
            <input type="checkbox" data-testid={`event-role-${role}`} checked={input.roles.includes(role)} onChange={(change) => set({ roles: toggle(input.roles, role, change.target.checked) })} />{" "}
            {tev.roleNames[role] ?? role}
          </span>
        </label>
      ))}
      {schools && schools.length > 0 && (
        <>
          <p className="work-note">{tev.schools}</p>
          {schools.map((school) => (
            <label key={school.id} className="work-field">
              <span>
                <input type="checkbox" data-testid={`event-school-${school.id}`} checked={input.schoolIds.includes(school.id)} onChange={(change) => set({ schoolIds: toggle(input.schoolIds, school.id, change.target.checked) })} />{" "}
                {school.name}
              </span>
            </label>
          ))}
        </>
      )}
      {error && <p className="work-error">{error.message}</p>}
      <div className="work-sheet-buttons">
        <Button data-testid="event-save" disabled={busy || input.title.trim().length < 3 || !input.startsAt || input.roles.length === 0} onClick={submit}>
          {tev.save}
        </Button>
        <Button mode="plain" data-testid="event-cancel" onClick={() => onDone(false)}>
          {tev.cancel}
        </Button>
      </div>
    </div>
  );
}
