/**
 * Campaigns of every instrument (#13) for the district staff: the list with status and audience,
 * live response rates per school (members: completed of asked; anonymous: class codes used of
 * issued — counts only, never who), closing with a confirmation, and opening a campaign of any
 * instrument with an audience (roles; all, chosen, a cluster or a list of schools), a window and a
 * reminder cadence. Routes: miniapp/api/routes/campaigns.ts and routes/district.ts.
 */
import { useEffect, useState } from "react";
import { Button, Cell, Input, List, Section, Title } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson, type ApiError } from "../api.ts";
import { tc } from "../messages/ru-campaigns.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

interface Audience {
  roles: string[];
  schoolIds: string[] | null;
  from?: { cluster?: string; list?: string; year?: number };
}
interface CampaignItem {
  id: string;
  title: string;
  instrumentKey: string;
  instrumentTitle: string;
  status: "planned" | "open" | "closed";
  opensLocal: string;
  closesLocal: string;
  audience: Audience;
  anonymous: boolean;
  remindEveryDays: number;
}
interface MemberCounts {
  total: number;
  completed: number;
  unfinished: number;
  notJoined: number;
}
interface CodeCounts {
  issued: number;
  used: number;
}
interface Rates {
  total: { members: MemberCounts | null; codes: CodeCounts | null };
  schools: Array<{ schoolId: string; name: string; members: MemberCounts | null; codes: CodeCounts | null }>;
}
interface Options {
  instruments: Array<{
    key: string;
    title: string;
    version: number;
    versions: Array<{ version: number; title: string; builtIn: boolean }>;
    versionNote: string | null;
    respondent: string;
    anonymous: boolean;
    defaultRemindEveryDays: number;
  }>;
  schools: Array<{ id: string; name: string; code: string | null }>;
  identification: { year: number; clusters: Array<{ cluster: string; schools: number }>; shnor: number; shnsu: number } | null;
  officialLists: Array<{ kind: "shnor" | "shnsu"; year: number }>;
}

const call = async <T,>(path: string, method: "GET" | "POST" = "GET", body?: unknown): Promise<T> =>
  readJson<T>(
    await apiFetch(path, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    }),
  );

const campaignsApi = {
  list: (districtId: string) => call<{ campaigns: CampaignItem[] }>(`/api/districts/${encodeURIComponent(districtId)}/campaigns`),
  options: (districtId: string) => call<Options>(`/api/districts/${encodeURIComponent(districtId)}/campaign-options`),
  rates: (campaignId: string) => call<Rates>(`/api/campaigns/${encodeURIComponent(campaignId)}/rates`),
  close: (campaignId: string) => call<{ id: string }>(`/api/campaigns/${encodeURIComponent(campaignId)}/close`, "POST"),
  open: (districtId: string, body: unknown) =>
    call<{ id: string; title: string; overlapping: Array<{ title: string }> }>(`/api/districts/${encodeURIComponent(districtId)}/campaigns/open`, "POST", body),
};

const audienceLine = (audience: Audience) =>
  `${audience.roles.map((role) => tc.roles[role] ?? role).join(", ")}; ` +
  (audience.schoolIds === null
    ? tc.schoolsAll.toLowerCase()
    : `${audience.schoolIds.length} шк.` +
      (audience.from?.cluster ? ` (${tc.clusters[audience.from.cluster]})` : audience.from?.list ? ` (${tc.lists[audience.from.list]})` : ""));

export function CampaignsPage({ districtId }: { districtId: string }) {
  const [state, reload] = useApi(`survey-campaigns:${districtId}`, () => campaignsApi.list(districtId));
  return (
    <List data-testid="campaigns">
      <Title level="2" weight="2" className="page-title">
        {tc.title}
      </Title>
      <p className="hint">{tc.intro}</p>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <Section>
          {state.data.campaigns.length === 0 && <Cell>{tc.none}</Cell>}
          {state.data.campaigns.map((campaign) => (
            <CampaignCard key={campaign.id} campaign={campaign} onChanged={reload} />
          ))}
        </Section>
      )}
      <OpenForm districtId={districtId} onOpened={reload} />
    </List>
  );
}

function CampaignCard({ campaign, onChanged }: { campaign: CampaignItem; onChanged: () => void }) {
  const [showRates, setShowRates] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <div className="campaign-card" data-testid={`campaign-${campaign.id}`}>
      <Cell multiline subtitle={`${tc.status[campaign.status]}, ${tc.period(campaign.opensLocal, campaign.closesLocal)}`}>
        {campaign.title}
      </Cell>
      <p className="hint">
        {campaign.instrumentTitle}. {tc.who}: {audienceLine(campaign.audience)}.{" "}
        {campaign.anonymous ? tc.anonymousNote : campaign.status !== "closed" ? tc.remindNote : ""}
      </p>
      <Button size="s" mode="bezeled" onClick={() => setShowRates(!showRates)}>
        {showRates ? tc.hideRates : tc.rates}
      </Button>{" "}
      {campaign.status !== "closed" && !confirm && (
        <Button size="s" mode="outline" onClick={() => setConfirm(true)}>
          {tc.close}
        </Button>
      )}
      {confirm && (
        <div>
          <p>{tc.closeAsk(campaign.title)}</p>
          <Button
            size="s"
            onClick={() =>
              campaignsApi.close(campaign.id).then(
                () => {
                  setConfirm(false);
                  onChanged();
                },
                (failure: unknown) => setError(asApiError(failure)),
              )
            }
          >
            {tc.closeYes}
          </Button>{" "}
          <Button size="s" mode="plain" onClick={() => setConfirm(false)}>
            {tc.cancel}
          </Button>
        </div>
      )}
      {error && <p className="error">{error.message}</p>}
      {showRates && <RatesView campaignId={campaign.id} live={campaign.status === "open"} />}
    </div>
  );
}

/** Counts per school; refreshed every 30 s while the campaign is open. */
function RatesView({ campaignId, live }: { campaignId: string; live: boolean }) {
  const [state, reload] = useApi(`rates:${campaignId}`, () => campaignsApi.rates(campaignId));
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, 30_000);
    return () => clearInterval(timer);
  }, [live, reload]);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const line = (members: MemberCounts | null, codes: CodeCounts | null) =>
    members ? `${tc.members(members.completed, members.total)} (${tc.membersDetail(members.unfinished, members.notJoined)})` : codes ? tc.codes(codes.used, codes.issued) : "";
  return (
    <div data-testid="rates">
      {live && <p className="hint">{tc.live}</p>}
      <table className="rates">
        <tbody>
          {state.data.schools.map((row) => (
            <tr key={row.schoolId}>
              <td>{row.name}</td>
              <td>{line(row.members, row.codes)}</td>
            </tr>
          ))}
          <tr>
            <th>{tc.total}</th>
            <th>{line(state.data.total.members, state.data.total.codes)}</th>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

type SchoolMode = "all" | "chosen" | "cluster" | "list";

function OpenForm({ districtId, onOpened }: { districtId: string; onOpened: () => void }) {
  const [state, reload] = useApi(`campaign-options:${districtId}`, () => campaignsApi.options(districtId));
  const [key, setKey] = useState<string>("");
  const [mode, setMode] = useState<SchoolMode>("all");
  const [chosen, setChosen] = useState<string[]>([]);
  const [cluster, setCluster] = useState("failing");
  const [list, setList] = useState("shnor");
  const [title, setTitle] = useState("");
  const [from, setFrom] = useState("");
  const [days, setDays] = useState("30");
  const [remind, setRemind] = useState<string | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const options = state.data;
  const instrument = options.instruments.find((row) => row.key === key) ?? options.instruments[0];
  if (!instrument) return null;
  const lists = [
    ...(options.identification ? (["shnor", "shnsu"] as const).filter((kind) => options.identification![kind] > 0) : []),
    ...options.officialLists.map((row) => `official-${row.kind}`),
  ].filter((value, index, all) => all.indexOf(value) === index);

  const submit = () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    const schools =
      mode === "chosen"
        ? { kind: "chosen", schools: chosen }
        : mode === "cluster"
          ? { kind: "cluster", cluster }
          : mode === "list"
            ? { kind: "list", list }
            : { kind: "all" };
    campaignsApi
      .open(districtId, {
        instrumentKey: instrument.key,
        ...(version !== null && version !== instrument.version ? { instrumentVersion: version } : {}),
        schools,
        days: Number(days),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(from ? { from } : {}),
        ...(!instrument.anonymous ? { remindEveryDays: Number(remind ?? instrument.defaultRemindEveryDays) } : {}),
      })
      .then(
        (opened) => {
          setMessage(tc.opened(opened.title) + (opened.overlapping.length ? ` ${tc.overlap(opened.overlapping.map((row) => row.title).join("; "))}` : ""));
          onOpened();
        },
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <Section header={tc.openTitle} data-testid="open-campaign">
      <label className="field">
        {tc.instrument}
        <select value={instrument.key} onChange={(event) => (setKey(event.target.value), setRemind(null), setVersion(null))}>
          {options.instruments.map((row) => (
            <option key={row.key} value={row.key}>
              {row.title} — {tc.roles[row.respondent]}
            </option>
          ))}
        </select>
      </label>
      {instrument.versions.length > 1 && (
        <label className="field">
          {tc.version}
          <select data-testid="campaign-version" value={version ?? instrument.version} onChange={(event) => setVersion(Number(event.target.value))}>
            {instrument.versions.map((row) => (
              <option key={row.version} value={row.version}>
                {tc.versionOption(row.version, row.title, row.version === instrument.version)}
              </option>
            ))}
          </select>
          {instrument.versionNote && <span className="hint">{instrument.versionNote}</span>}
        </label>
      )}
      <label className="field">
        {tc.schools}
        <select value={mode} onChange={(event) => setMode(event.target.value as SchoolMode)}>
          <option value="all">{tc.schoolsAll}</option>
          <option value="chosen">{tc.schoolsChosen}</option>
          {options.identification && <option value="cluster">{tc.schoolsCluster}</option>}
          {lists.length > 0 && <option value="list">{tc.schoolsList}</option>}
        </select>
      </label>
      {!options.identification && <p className="hint">{tc.noRun}</p>}
      {mode === "chosen" &&
        options.schools.map((school) => (
          <label key={school.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(school.id)}
              onChange={(event) => setChosen(event.target.checked ? [...chosen, school.id] : chosen.filter((id) => id !== school.id))}
            />{" "}
            {school.name}
          </label>
        ))}
      {mode === "cluster" && options.identification && (
        <select value={cluster} onChange={(event) => setCluster(event.target.value)}>
          {options.identification.clusters.map((row) => (
            <option key={row.cluster} value={row.cluster}>
              {tc.clusters[row.cluster]} ({row.schools}), {tc.runYear(options.identification!.year)}
            </option>
          ))}
        </select>
      )}
      {mode === "list" && (
        <select value={list} onChange={(event) => setList(event.target.value)}>
          {lists.map((value) => (
            <option key={value} value={value}>
              {tc.lists[value]}
            </option>
          ))}
        </select>
      )}
      <Input header={tc.titleField} value={title} onChange={(event) => setTitle(event.target.value)} />
      <Input header={tc.from} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      <Input header={tc.days} inputMode="numeric" value={days} onChange={(event) => setDays(event.target.value.replace(/\D/g, ""))} />
      {instrument.anonymous ? (
        <p className="hint">{tc.anonymousNote}</p>
      ) : (
        <>
          <Input
            header={tc.remind}
            inputMode="numeric"
            value={remind ?? String(instrument.defaultRemindEveryDays)}
            onChange={(event) => setRemind(event.target.value.replace(/\D/g, ""))}
          />
          <p className="hint">{tc.remindNote}</p>
        </>
      )}
      <Button disabled={busy || !days || (mode === "chosen" && chosen.length === 0)} onClick={submit}>
        {tc.open}
      </Button>
      {message && <p role="status">{message}</p>}
      {error && <p className="error">{error.message}</p>}
    </Section>
  );
}
