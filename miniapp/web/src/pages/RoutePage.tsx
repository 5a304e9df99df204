import { LibraryLinkLine } from "./LibraryLink.tsx";
import { useState } from "react";
import { Button, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson } from "../api.ts";
import { save } from "../download.ts";
import { formatDate } from "../messages/ru.ts";
import { rt } from "../messages/ru-routes.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { routeApi, type Attributes, type Dynamics, type LearningRoute, type RouteItem } from "./RouteApi.ts";

/** The teacher's own route (ИОМ): only this person sees it (start parameter `route`). */
export function RoutePage() {
  const [state, retry] = useApi("my-route", routeApi.myRoute);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  const data = state.data;
  return (
    <List data-testid="route-page">
      <Title level="2" weight="2" className="page-title">
        {rt.routeTitle}
      </Title>
      {data.route === null ? (
        <Placeholder description={rt.routeNone} />
      ) : (
        <>
          <p className="page-subtitle">{rt.routeBasedOn(data.diagnostic.campaignTitle, formatDate(data.diagnostic.completedAt))}</p>
          <Section header={rt.deficitsHeader}>
            {data.deficits.some((area) => area.level !== "none") ? (
              <ul className="work-lines route-deficits">
                {data.deficits
                  .filter((area) => area.level !== "none")
                  .map((area) => (
                    <li key={area.areaId}>
                      {area.title}: {area.deficit} ({rt.levels[area.level]})
                    </li>
                  ))}
              </ul>
            ) : (
              <p className="work-note">{rt.noDeficits}</p>
            )}
          </Section>
          <RouteItems initial={data.route} editable />
          {data.hasDynamics && <DynamicsSection />}
        </>
      )}
      <AttributesSection initial={data.attributes} minRespondents={data.minRespondents} />
    </List>
  );
}

/** The items of a route with marks and certificates; `editable` for the route's owner (or the team's head). */
export function RouteItems({ initial, editable }: { initial: LearningRoute; editable: boolean }) {
  const [route, setRoute] = useState(initial);
  if (!route.items.length) return <p className="page-note">{rt.empty}</p>;
  return (
    <Section header={rt.itemsHeader}>
      {route.items.map((item, index) => (
        <RouteItemView key={item.id} n={index + 1} item={item} editable={editable} onChange={setRoute} />
      ))}
    </Section>
  );
}

function RouteItemView({ n, item, editable, onChange }: { n: number; item: RouteItem; editable: boolean; onChange: (route: LearningRoute) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState(item.certificateUrl ?? "");
  const act = async (work: () => Promise<{ route: LearningRoute }>) => {
    setBusy(true);
    setError(null);
    try {
      onChange((await work()).route);
    } catch (raised) {
      setError(asApiError(raised).message);
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    try {
      const response = await apiFetch(routeApi.certificateUrl(item.id));
      if (!response.ok) await readJson(response);
      save({ blob: await response.blob(), filename: item.certificateName ?? "certificate" });
    } catch (raised) {
      setError(asApiError(raised).message);
    }
  };
  const course = item.course;
  return (
    <div className="work-member route-item" data-testid={`route-item-${n}`}>
      <p className="work-note">
        <b>
          {n}. {item.doneAt ? "✅ " : ""}
          {rt.kind[item.kind]}: {item.title}
        </b>
      </p>
      {course && (
        <p className="work-note">
          {[course.provider, course.hours ? rt.hours(course.hours) : null, course.startsOn ? [course.startsOn, course.endsOn].filter(Boolean).map((d) => formatDate(d!)).join(" – ") : null]
            .filter(Boolean)
            .join(" · ")}
          {course.url && (
            <>
              {" · "}
              <a href={course.url} target="_blank" rel="noreferrer noopener">
                {course.url}
              </a>
            </>
          )}
        </p>
      )}
      {!course && item.note && <p className="work-note">{item.note}</p>}
      <LibraryLinkLine link={item.libraryItem} />
      {item.doneAt && <p className="work-note">{rt.doneOn(formatDate(item.doneAt))}</p>}
      {item.certificateUrl && (
        <p className="work-note">
          <a href={item.certificateUrl} target="_blank" rel="noreferrer noopener">
            {item.certificateUrl}
          </a>
        </p>
      )}
      {item.hasCertificateFile && (
        <div className="work-sheet-buttons">
          <Button size="s" mode="plain" onClick={download}>
            {rt.certificateOpen} ({item.certificateName})
          </Button>
        </div>
      )}
      {editable && (
        <div className="work-sheet-buttons">
          {item.doneAt ? (
            <Button size="s" mode="gray" disabled={busy} onClick={() => act(() => routeApi.undo(item.id))} data-testid={`route-undo-${n}`}>
              {rt.undo}
            </Button>
          ) : (
            <Button size="s" disabled={busy} onClick={() => act(() => routeApi.markDone(item.id))} data-testid={`route-done-${n}`}>
              {rt.markDone}
            </Button>
          )}
        </div>
      )}
      {editable && item.doneAt && (
        <>
          <label className="work-field">
            {rt.certificateLink}
            <input type="url" value={link} placeholder="https://" onChange={(event) => setLink(event.target.value)} data-testid={`route-link-${n}`} />
          </label>
          <div className="work-sheet-buttons">
            <Button size="s" mode="bezeled" disabled={busy || !link.trim()} onClick={() => act(() => routeApi.markDone(item.id, link.trim()))}>
              {rt.certificateLinkSave}
            </Button>
          </div>
          <label className="work-field">
            {rt.certificateFile}
            <input
              type="file"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              disabled={busy}
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                if (chosen) void act(() => routeApi.uploadCertificate(item.id, chosen));
              }}
            />
          </label>
        </>
      )}
      {busy && <p className="work-note" role="status">{rt.saving}</p>}
      {error && <p className="work-error" role="alert">{error}</p>}
    </div>
  );
}

function DynamicsSection() {
  const [dynamics, setDynamics] = useState<Dynamics | null | "loading" | "idle">("idle");
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setDynamics("loading");
    try {
      setDynamics((await routeApi.dynamics()).dynamics);
    } catch (raised) {
      setError(asApiError(raised).message);
      setDynamics("idle");
    }
  };
  return (
    <Section header={rt.dynamicsHeader} footer={rt.dynamicsHint}>
      {dynamics === "idle" || dynamics === "loading" ? (
        <div className="work-sheet-buttons">
          <Button size="s" mode="bezeled" disabled={dynamics === "loading"} onClick={load} data-testid="route-dynamics">
            {rt.dynamicsShow}
          </Button>
        </div>
      ) : dynamics ? (
        <ul className="work-lines route-dynamics">
          {dynamics.areas.map((area) => (
            <li key={area.areaId}>
              {area.title}: {rt.dynamicsLine(area.before, area.after)}
            </li>
          ))}
        </ul>
      ) : null}
      {error && <p className="work-error" role="alert">{error}</p>}
    </Section>
  );
}

const triValue = (value: boolean | null) => (value === null ? "" : value ? "yes" : "no");
const fromTri = (value: string) => (value === "" ? null : value === "yes");

function AttributesSection({ initial, minRespondents }: { initial: Attributes; minRespondents: number }) {
  const [years, setYears] = useState(initial.serviceYears === null ? "" : String(initial.serviceYears));
  const [category, setCategory] = useState<string>(initial.category ?? "");
  const [young, setYoung] = useState(triValue(initial.young));
  const [arrived, setArrived] = useState(triValue(initial.newlyArrived));
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    const serviceYears = years.trim() === "" ? null : Number(years);
    if (serviceYears !== null && (!Number.isInteger(serviceYears) || serviceYears < 0 || serviceYears > 60)) return setError(rt.badYears);
    setStatus(rt.saving);
    try {
      await routeApi.setAttributes({
        serviceYears,
        category: category === "" ? null : (category as Attributes["category"]),
        young: fromTri(young),
        newlyArrived: fromTri(arrived),
      });
      setStatus(rt.saved);
    } catch (raised) {
      setStatus(null);
      setError(asApiError(raised).message);
    }
  };
  const tri = (label: string, value: string, set: (value: string) => void, testId: string) => (
    <label className="work-select work-field">
      {label}
      <select value={value} onChange={(event) => set(event.target.value)} data-testid={testId}>
        {Object.entries(rt.tri).map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Section header={rt.attributesHeader} footer={rt.attributesHint(minRespondents)}>
      <div className="work-actions" data-testid="route-attributes">
        <label className="work-field">
          {rt.serviceYears}
          <input type="number" inputMode="numeric" min={0} max={60} value={years} onChange={(event) => setYears(event.target.value)} data-testid="attr-years" />
        </label>
        <label className="work-select work-field">
          {rt.category}
          <select value={category} onChange={(event) => setCategory(event.target.value)} data-testid="attr-category">
            {Object.entries(rt.categories).map(([key, text]) => (
              <option key={key} value={key}>
                {text}
              </option>
            ))}
          </select>
        </label>
        {tri(rt.young, young, setYoung, "attr-young")}
        {tri(rt.newlyArrived, arrived, setArrived, "attr-arrived")}
        <Button size="m" onClick={submit} data-testid="attr-save">
          {rt.saveAttributes}
        </Button>
        <p className="work-note" role="status">
          {status ?? ""}
        </p>
        {error && <p className="work-error" role="alert">{error}</p>}
      </div>
    </Section>
  );
}
