import { useRef, useState } from "react";
import { Button, Cell, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import type { ApiError } from "../api.ts";
import { ScatterQuadrants, type QuadrantPoint } from "../components/charts/ScatterQuadrants.tsx";
import { ErrorView, Loading } from "../components/Status.tsx";
import { formatChange, formatDateTime, formatDay, formatIndex, formatShare, ti } from "../messages/ru-identification.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { IdentificationMethodologySection } from "./IdentificationMethodology.tsx";
import { IdentificationUploadSection } from "./IdentificationUpload.tsx";
import {
  asApiError,
  badges,
  CLUSTER_COLORS,
  clusterName,
  CLUSTERS,
  NO_CLUSTER_COLOR,
  identificationApi,
  type Cluster,
  type IdentificationOverview,
  type ListKind,
  type RunView,
  type SchoolSummary,
} from "./IdentificationApi.ts";

const LOW_RESULTS: ReadonlySet<Cluster | null> = new Set<Cluster | null>(["failing", "deprived"]);
const HIGH_SOCIAL: ReadonlySet<Cluster | null> = new Set<Cluster | null>(["failing", "effective"]);

/**
 * Where the low/high lines run: between the two sides' nearest points, so every point sits in its
 * cluster's quadrant whatever split the methodology used (the district mean of z-scores, the median).
 */
export function clusterSplit(schools: SchoolSummary[]): { x: number; y: number } {
  const between = (values: Array<[number, boolean]>) => {
    const low = values.filter(([, isLow]) => isLow).map(([value]) => value);
    const high = values.filter(([, isLow]) => !isLow).map(([value]) => value);
    if (!low.length || !high.length) return 0;
    return (Math.max(...low) + Math.min(...high)) / 2;
  };
  const placed = schools.filter((school) => school.cluster && school.resultsIndex !== null && school.socialIndex !== null);
  return {
    x: between(placed.map((school) => [school.resultsIndex!, LOW_RESULTS.has(school.cluster)])),
    y: between(placed.map((school) => [school.socialIndex!, !HIGH_SOCIAL.has(school.cluster)])),
  };
}

export interface ListFilter {
  cluster: Cluster | "";
  list: ListKind | "none" | "";
  dynamics: "up" | "down" | "exclusion" | "";
}

/** The same filter as the API's /identification/lists, on the run already loaded (no round trip on a slow link). */
export function filterSchools(schools: SchoolSummary[], filter: ListFilter): SchoolSummary[] {
  return schools.filter((school) => {
    if (filter.cluster && school.cluster !== filter.cluster) return false;
    if (filter.list === "shnor" && !school.shnor) return false;
    if (filter.list === "shnsu" && !school.shnsu) return false;
    if (filter.list === "none" && (school.shnor || school.shnsu)) return false;
    if (filter.dynamics === "up" && !(school.dynamics !== null && school.dynamics > 0)) return false;
    if (filter.dynamics === "down" && !(school.dynamics !== null && school.dynamics < 0)) return false;
    if (filter.dynamics === "exclusion" && !school.proposeExclusion) return false;
    return true;
  });
}

/** Rows of the list shown at first and added by «Показать ещё». */
const PAGE = 50;

const listsOf = (school: SchoolSummary) =>
  [school.shnor ? ti("ident.badge.shnor") : null, school.shnsu ? ti("ident.badge.shnsu") : null].filter(Boolean).join(", ");

/**
 * District staff (#12 §11): the schools of the district on results × social wellbeing with the four
 * clusters, a year switch, lists with filters, the run button, the district's low-solved ВПР tasks
 * and the official lists beside the computed ones. A point or a row opens the school's card.
 */
export function IdentificationPage({
  districtId,
  year,
  navigate,
}: {
  districtId: string;
  year?: number;
  navigate: (route: Route) => void;
}) {
  const [chosen, setChosen] = useState<number | undefined>(year);
  const [state, reload] = useApi(`identification:${districtId}:${chosen ?? "latest"}`, () => identificationApi.overview(districtId, chosen));
  // The upload and the methodology show once the district's data answered (a refusal shows alone), and stay
  // through later reloads, so that an upload's result is not lost when the page refreshes its data.
  const allowed = useRef(false);
  if (state.status === "ok" && state.data.canEdit !== false) allowed.current = true;
  const sections = allowed.current && state.status !== "error";
  return (
    <List data-testid="identification">
      <Title level="2" weight="2" className="page-title">
        {ti("ident.title")}
      </Title>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorView error={state.error} onRetry={reload} />}
      {state.status === "ok" && (
        <Overview
          districtId={districtId}
          overview={state.data}
          chosen={chosen}
          choose={setChosen}
          onRun={(done) => (done === chosen ? reload() : setChosen(done))}
          navigate={navigate}
        />
      )}
      {/* Outside the loading switch: a reload after an import keeps the upload's result on screen. */}
      {sections && <IdentificationUploadSection districtId={districtId} onImported={reload} />}
      {sections && <IdentificationMethodologySection districtId={districtId} />}
    </List>
  );
}

function Overview({
  districtId,
  overview,
  chosen,
  choose,
  onRun,
  navigate,
}: {
  districtId: string;
  overview: IdentificationOverview;
  chosen: number | undefined;
  choose: (year: number) => void;
  onRun: (year: number) => void;
  navigate: (route: Route) => void;
}) {
  const { run, years } = overview;
  const current = run?.year ?? chosen ?? (years.length ? Math.max(...years) : undefined);
  const switchYears = [...new Set([...years, ...(current ? [current] : [])])].sort((a, b) => a - b);
  return (
    <>
      {switchYears.length > 0 && (
        <div className="work-sheet-buttons" role="group" aria-label={ti("ident.year")} data-testid="ident-years">
          {switchYears.map((option) => (
            <Button
              key={option}
              size="s"
              mode={option === current ? "filled" : "bezeled"}
              aria-pressed={option === current}
              onClick={() => choose(option)}
              data-testid={`ident-year-${option}`}
            >
              {option}
            </Button>
          ))}
        </div>
      )}
      {current === undefined ? (
        <Placeholder data-testid="ident-no-data" description={ti("ident.yearsNone")} />
      ) : (
        <>
          <RunSection districtId={districtId} year={current} run={run} onDone={onRun} canEdit={overview.canEdit !== false} />
          {run && <RunDetails run={run} districtId={districtId} navigate={navigate} />}
        </>
      )}
    </>
  );
}

function RunSection({
  districtId,
  year,
  run,
  onDone,
  canEdit,
}: {
  districtId: string;
  year: number;
  run: RunView | null;
  onDone: (year: number) => void;
  canEdit: boolean;
}) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const start = () => {
    setBusy(true);
    setError(null);
    identificationApi.run(districtId, year).then(
      (summary) => {
        setBusy(false);
        setConfirm(false);
        onDone(summary.year);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };
  return (
    <Section
      header={run ? ti("ident.runInfo", { date: formatDateTime(run.createdAt), version: run.methodologyVersion }) : undefined}
      data-testid="ident-run"
    >
      {!run && (
        <Placeholder data-testid="ident-no-run" header={ti("ident.noRun", { year })} description={ti("ident.noRunHint")} />
      )}
      {run && (
        <>
          <Cell multiline data-testid="ident-counts" description={CLUSTERS.map((cluster) => `${clusterName(cluster)}: ${run.clusters[cluster] ?? 0}`).join(" · ")}>
            {ti("ident.counts", { shnor: run.shnor, shnsu: run.shnsu })}
          </Cell>
          <Changes title={ti("ident.entered")} items={run.entered} />
          <Changes title={ti("ident.left")} items={run.left} />
          {run.warnings.length > 0 && (
            <details className="work-actions work-summary" data-testid="ident-warnings">
              <summary style={{ cursor: "pointer", fontWeight: 600 }}>{ti("ident.warnings", { n: run.warnings.length })}</summary>
              <ul>
                {run.warnings.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      <div className="work-actions">
        {canEdit && !confirm && (
          <Button size="l" stretched mode={run ? "bezeled" : "filled"} onClick={() => setConfirm(true)} data-testid="ident-run-button">
            {ti("ident.runButton", { year })}
          </Button>
        )}
        {confirm && (
          <div className="remind-confirm" data-testid="ident-run-confirm">
            <strong>{ti("ident.runConfirmTitle", { year })}</strong>
            <p>{ti("ident.runConfirmText")}</p>
            <div className="remind-actions">
              <Button size="m" mode="gray" stretched onClick={() => setConfirm(false)}>
                {ti("ident.cancel")}
              </Button>
              <Button size="m" stretched loading={busy} disabled={busy} onClick={start} data-testid="ident-run-yes">
                {ti("ident.runYes")}
              </Button>
            </div>
          </div>
        )}
        {error && (
          <p className="work-error" role="alert" data-testid="ident-run-error">
            {error.message}
          </p>
        )}
      </div>
    </Section>
  );
}

/** Schools named in a run's changes; the lists below have them all. */
const SHOWN_CHANGES = 20;

function Changes({ title, items }: { title: string; items: RunView["entered"] }) {
  if (!items.length) return null;
  return (
    <Cell
      multiline
      description={
        items
          .slice(0, SHOWN_CHANGES)
          .map((item) => `${item.schoolName} — ${ti(`ident.list.${item.list}`)}`)
          .join("; ") + (items.length > SHOWN_CHANGES ? ` ${ti("ident.moreRows", { n: items.length - SHOWN_CHANGES })}` : "")
      }
    >
      {title}
    </Cell>
  );
}

function RunDetails({ run, districtId, navigate }: { run: RunView; districtId: string; navigate: (route: Route) => void }) {
  const [filter, setFilter] = useState<ListFilter>({ cluster: "", list: "", dynamics: "" });
  const open = (school: SchoolSummary) => {
    if (school.schoolId) navigate({ page: "schoolCard", schoolId: school.schoolId, year: run.year });
  };
  const byId = new Map(run.schools.map((school) => [school.schoolId || `code:${school.schoolCode}`, school]));
  const placed = run.schools.filter((school) => school.resultsIndex !== null && school.socialIndex !== null);
  const unplaced = run.schools.filter((school) => school.resultsIndex === null || school.socialIndex === null);
  const points: QuadrantPoint[] = placed.map((school) => ({
    id: school.schoolId || `code:${school.schoolCode}`,
    x: school.resultsIndex!,
    y: school.socialIndex!,
    color: school.cluster ? CLUSTER_COLORS[school.cluster] : NO_CLUSTER_COLOR,
    marks: [...(school.shnor ? (["solid"] as const) : []), ...(school.shnsu ? (["dashed"] as const) : [])],
    description: ti("ident.pointDescription", {
      name: school.schoolName,
      cluster: clusterName(school.cluster),
      x: formatIndex(school.resultsIndex),
      y: formatIndex(school.socialIndex),
      lists: listsOf(school) ? `; ${listsOf(school)}` : "",
    }),
  }));
  const shown = filterSchools(run.schools, filter);
  // A large district's list grows on request: hundreds of rows at once are slow on an old phone.
  const [limit, setLimit] = useState(PAGE);

  return (
    <>
      <Section header={ti("ident.chartTitle")} footer={ti("ident.chartHint")}>
        <div className="chart" style={{ paddingLeft: 8 }}>
          <ScatterQuadrants
            points={points}
            title={ti("ident.chartTitle")}
            xLabel={ti("ident.xLabel")}
            yLabel={ti("ident.yLabel")}
            split={clusterSplit(run.schools)}
            quadrants={{
              topLeft: clusterName("failing"),
              topRight: clusterName("effective"),
              bottomLeft: clusterName("deprived"),
              bottomRight: clusterName("resilient"),
            }}
            onSelect={(id) => {
              const school = byId.get(id);
              if (school) open(school);
            }}
          />
        </div>
        <div className="page-note" data-testid="ident-legend">
          {CLUSTERS.map((cluster) => (
            <span key={cluster} style={{ display: "inline-flex", alignItems: "center", gap: 4, marginRight: 12 }}>
              <span className="level-dot" style={{ background: CLUSTER_COLORS[cluster] }} aria-hidden="true" />
              {clusterName(cluster)}
            </span>
          ))}
          <br />
          <span aria-hidden="true" style={{ color: "#c62828" }}>◯</span> {ti("ident.legendShnor")}
          <br />
          <span aria-hidden="true">◌</span> {ti("ident.legendShnsu")}
          {unplaced.length > 0 && (
            <>
              <br />
              {ti("ident.noIndex", { names: unplaced.map((school) => school.schoolName).join(", ") })}
            </>
          )}
        </div>
      </Section>

      <Section header={ti("ident.lists")} footer={ti("ident.listCount", { n: shown.length })} data-testid="ident-lists">
        <div className="work-actions">
          <FilterSelect
            label={ti("ident.filterCluster")}
            value={filter.cluster}
            options={CLUSTERS.map((cluster) => [cluster, clusterName(cluster)])}
            onChange={(cluster) => setFilter({ ...filter, cluster: cluster as ListFilter["cluster"] })}
            testId="ident-filter-cluster"
          />
          <FilterSelect
            label={ti("ident.filterList")}
            value={filter.list}
            options={(["shnor", "shnsu", "none"] as const).map((list) => [list, ti(`ident.list.${list}`)])}
            onChange={(list) => setFilter({ ...filter, list: list as ListFilter["list"] })}
            testId="ident-filter-list"
          />
          <FilterSelect
            label={ti("ident.filterDynamics")}
            value={filter.dynamics}
            options={(["up", "down", "exclusion"] as const).map((dynamics) => [dynamics, ti(`ident.dynamics.${dynamics}`)])}
            onChange={(dynamics) => setFilter({ ...filter, dynamics: dynamics as ListFilter["dynamics"] })}
            testId="ident-filter-dynamics"
          />
        </div>
        {shown.length === 0 && <Cell multiline>{ti("ident.listEmpty")}</Cell>}
        {shown.slice(0, limit).map((school) => (
          <SchoolRow key={school.schoolId || school.schoolCode} school={school} onOpen={school.schoolId ? () => open(school) : undefined} />
        ))}
        {shown.length > limit && (
          <div className="work-actions">
            <Button size="m" mode="bezeled" stretched onClick={() => setLimit(limit + PAGE)} data-testid="ident-more">
              {ti("ident.showMore", { n: Math.min(PAGE, shown.length - limit), left: shown.length - limit })}
            </Button>
          </div>
        )}
      </Section>

      {run.districtLowTasks.length > 0 && <DistrictLowTasks tasks={run.districtLowTasks} />}
      <OfficialSection districtId={districtId} year={run.year} />
    </>
  );
}

function FilterSelect({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="work-select" style={{ marginBottom: 0 }}>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        <option value="">{ti("ident.filterAll")}</option>
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function SchoolRow({ school, onOpen }: { school: SchoolSummary; onOpen?: () => void }) {
  const lines = [
    clusterName(school.cluster),
    ti("ident.rowIndices", { x: formatIndex(school.resultsIndex), y: formatIndex(school.socialIndex) }),
    school.dynamics !== null ? ti("ident.rowDynamics", { value: formatChange(school.dynamics) }) : null,
  ].filter(Boolean);
  const marks = badges(school);
  return (
    <Cell
      Component={onOpen ? "button" : "div"}
      className={onOpen ? "link-cell" : undefined}
      multiline
      onClick={onOpen}
      before={<span className="level-dot" style={{ background: school.cluster ? CLUSTER_COLORS[school.cluster] : NO_CLUSTER_COLOR }} aria-hidden="true" />}
      subtitle={marks.length ? marks.join(" · ") : undefined}
      description={lines.join(" · ")}
      after={onOpen ? <span aria-hidden="true">›</span> : undefined}
      data-testid={`ident-school-${school.schoolId || school.schoolCode}`}
    >
      {school.schoolName}
    </Cell>
  );
}

const SHOWN_TASKS = 15;

function DistrictLowTasks({ tasks }: { tasks: RunView["districtLowTasks"] }) {
  return (
    <Section
      header={ti("ident.lowTasks")}
      footer={tasks.length > SHOWN_TASKS ? ti("ident.moreRows", { n: tasks.length - SHOWN_TASKS }) : undefined}
      data-testid="ident-low-tasks"
    >
      {tasks.slice(0, SHOWN_TASKS).map((task) => (
        <Cell
          key={`${task.grade}:${task.subject}:${task.task}`}
          multiline
          description={ti("ident.lowTaskSchools", { topic: task.topic ?? ti("ident.noTopic"), n: task.schools })}
        >
          {ti("ident.lowTaskRow", { grade: task.grade, subject: task.subject, task: task.task, share: formatShare(task.solvedShare) })}
        </Cell>
      ))}
    </Section>
  );
}

function OfficialSection({ districtId, year }: { districtId: string; year: number }) {
  const [kind, setKind] = useState<ListKind>("shnor");
  const [state, reload] = useApi(`official:${districtId}:${year}:${kind}`, () => identificationApi.official(districtId, year, kind));
  return (
    <Section header={ti("ident.official")} footer={ti("ident.officialHint")} data-testid="ident-official">
      <div className="work-sheet-buttons" role="group" aria-label={ti("ident.filterList")} style={{ paddingTop: 12 }}>
        {(["shnor", "shnsu"] as const).map((option) => (
          <Button key={option} size="s" mode={option === kind ? "filled" : "bezeled"} aria-pressed={option === kind} onClick={() => setKind(option)}>
            {ti(`ident.list.${option}`)}
          </Button>
        ))}
      </div>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorView error={state.error} onRetry={reload} />}
      {state.status === "ok" && (
        <>
          {state.data.list && (
            <Cell multiline>
              {ti("ident.officialDocument", {
                source: state.data.list.source,
                number: state.data.list.documentNumber,
                date: formatDay(state.data.list.documentDate),
              })}
            </Cell>
          )}
          {!state.data.list && (
            <Cell multiline data-testid="ident-official-none">
              {ti("ident.officialNoList", { year, list: ti(`ident.list.${kind}`) })}
            </Cell>
          )}
          {state.data.list && state.data.both.length + state.data.onlyComputed.length + state.data.onlyOfficial.length === 0 && (
            <Cell multiline>{ti("ident.officialNone")}</Cell>
          )}
          <OfficialGroup title={ti("ident.officialBoth")} items={state.data.both} />
          <OfficialGroup title={ti("ident.officialOnlyComputed")} items={state.data.onlyComputed} />
          <OfficialGroup title={ti("ident.officialOnlyOfficial")} items={state.data.onlyOfficial} />
        </>
      )}
    </Section>
  );
}

function OfficialGroup({ title, items }: { title: string; items: Array<{ schoolCode: string; schoolName: string; why: string }> }) {
  if (!items.length) return null;
  return (
    <>
      <Cell multiline subtitle={ti("ident.listCount", { n: items.length })}>
        <strong>{title}</strong>
      </Cell>
      {items.map((item) => (
        <Cell key={`${title}:${item.schoolCode}`} multiline description={item.why}>
          {item.schoolName}
        </Cell>
      ))}
    </>
  );
}
