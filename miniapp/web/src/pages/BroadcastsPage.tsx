/**
 * District broadcasts (#14 §5) for the district staff: compose (text, link, file, roles and
 * schools: all, chosen, a cluster or a list), the preview of how many it reaches, the confirmed
 * send, the list, and one broadcast's live delivery report (polled every 3 s while anything is
 * queued). Routes: miniapp/api/routes/broadcasts.ts.
 */
import { useEffect, useState } from "react";
import { Button, Cell, Input, List, Section, Title } from "@telegram-apps/telegram-ui";
import { api, apiFetch, asApiError, readJson, type ApiError } from "../api.ts";
import { tb } from "../messages/ru-broadcasts.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

type SchoolChoice =
  | { kind: "all" }
  | { kind: "chosen"; schools: string[] }
  | { kind: "cluster"; cluster: string }
  | { kind: "list"; list: string };
interface Target {
  roles: string[];
  schools: SchoolChoice;
}
interface Options {
  roles: string[];
  schools: Array<{ id: string; name: string; code: string | null }>;
  identification: { year: number; clusters: Array<{ cluster: string; schools: number }>; shnor: number; shnsu: number } | null;
  officialLists: Array<{ kind: "shnor" | "shnsu"; year: number }>;
  limits: { textMax: number; fileMaxBytes: number; fileTypes: string[] };
}
interface Preview {
  total: number;
  reachable: number;
  byChannel: { telegram: number; max: number };
  unreachable: { noChat: number; notConsented: number; blocked: number };
}
interface Counts {
  queued: number;
  delivered: number;
  blocked: number;
  failed: number;
}
interface BroadcastItem {
  id: string;
  text: string;
  link: string | null;
  file: { name: string } | null;
  target: Target;
  state: "draft" | "queued";
  recipients: number;
  createdAt: string;
  queuedAt: string | null;
  counts: Counts;
  inProgress: boolean;
}
interface Report extends BroadcastItem {
  undelivered: Array<{ personId: string; displayName: string | null; state: "blocked" | "failed"; error: string | null }>;
}
interface UploadedFile {
  key: string;
  name: string;
  mimeType: string;
}

const postJson = <T,>(path: string, body?: unknown) =>
  apiFetch(path, {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  }).then((response) => readJson<T>(response));

const when = (iso: string) => new Date(iso).toLocaleString("ru-RU", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
const LINK = /^https?:\/\/\S+$/i;

/** District staff and a regional operator send; the working group (#15) reads the list and the reports. */
function useCanWrite(districtId: string): boolean {
  const [me] = useApi("me", () => api.me());
  return me.status === "ok" && me.data.roles.some((grant) => (grant.role === "district" || grant.role === "regional") && grant.districtId === districtId);
}

export function BroadcastsPage({ districtId, broadcastId, navigate }: { districtId: string; broadcastId?: string; navigate: (route: Route) => void }) {
  const canWrite = useCanWrite(districtId);
  if (broadcastId) return <ReportView districtId={districtId} broadcastId={broadcastId} navigate={navigate} canWrite={canWrite} />;
  return (
    <List>
      <Title level="2" weight="2">
        {tb.title}
      </Title>
      {canWrite && <p className="hint">{tb.intro}</p>}
      {canWrite && <Compose districtId={districtId} onSent={(id) => navigate({ page: "broadcasts", districtId, broadcastId: id })} />}
      <BroadcastList districtId={districtId} navigate={navigate} />
    </List>
  );
}

function Compose({ districtId, onSent }: { districtId: string; onSent: (id: string) => void }) {
  const [state, reload] = useApi(`broadcast-options:${districtId}`, () =>
    apiFetch(`/districts/${districtId}/broadcast-options`).then((response) => readJson<Options>(response)),
  );
  const [text, setText] = useState("");
  const [link, setLink] = useState("");
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const [roles, setRoles] = useState<string[]>(["teacher"]);
  const [mode, setMode] = useState<SchoolChoice["kind"]>("all");
  const [chosen, setChosen] = useState<string[]>([]);
  const [cluster, setCluster] = useState("failing");
  const [list, setList] = useState("shnor");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // A changed target makes the counted preview stale.
  useEffect(() => setPreview(null), [roles, mode, chosen, cluster, list]);

  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const options = state.data;
  const lists = [
    ...(options.identification ? ["shnor", "shnsu"] : []),
    ...options.officialLists.map((entry) => `official-${entry.kind}`).filter((value, index, all) => all.indexOf(value) === index),
  ];
  const target = (): Target => ({
    roles,
    schools:
      mode === "chosen" ? { kind: "chosen", schools: chosen } : mode === "cluster" ? { kind: "cluster", cluster } : mode === "list" ? { kind: "list", list } : { kind: "all" },
  });
  const linkBad = link.trim() !== "" && !LINK.test(link.trim());
  const ready = text.trim().length > 0 && text.length <= options.limits.textMax && roles.length > 0 && !linkBad && !uploading && !(mode === "chosen" && !chosen.length);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  const count = () => run(async () => setPreview(await postJson<Preview>(`/districts/${districtId}/broadcasts/preview`, { target: target() })));
  const send = () =>
    run(async () => {
      const draft = await postJson<{ id: string }>(`/districts/${districtId}/broadcasts`, {
        text: text.trim(),
        ...(link.trim() ? { link: link.trim() } : {}),
        ...(file ? { file } : {}),
        target: target(),
      });
      await postJson(`/broadcasts/${draft.id}/send`);
      onSent(draft.id);
    });
  const upload = async (chosenFile: File | undefined) => {
    if (!chosenFile) return;
    setUploading(true);
    setError(null);
    try {
      const response = await apiFetch(`/districts/${districtId}/broadcasts/files`, {
        method: "POST",
        headers: { "x-file-name": encodeURIComponent(chosenFile.name) },
        body: chosenFile,
        timeoutMs: 120_000,
      });
      setFile(await readJson<UploadedFile>(response));
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setUploading(false);
    }
  };

  return (
    <Section header={tb.compose} data-testid="broadcast-compose">
      <label className="field">
        {tb.text}
        <textarea rows={6} maxLength={options.limits.textMax} value={text} onChange={(event) => setText(event.target.value)} />
        <span className="hint">{tb.textCount(text.length, options.limits.textMax)}</span>
      </label>
      <Input header={tb.link} inputMode="url" value={link} onChange={(event) => setLink(event.target.value)} />
      {linkBad && <p className="hint">{tb.linkBad}</p>}
      {file ? (
        <Cell
          after={
            <Button size="s" mode="plain" onClick={() => setFile(null)}>
              {tb.fileRemove}
            </Button>
          }
        >
          {tb.fileAttached(file.name)}
        </Cell>
      ) : (
        <label className="field">
          {tb.file}
          <input type="file" accept={options.limits.fileTypes.map((type) => `.${type}`).join(",")} onChange={(event) => void upload(event.target.files?.[0])} />
          <span className="hint">{uploading ? tb.fileUploading : tb.fileHint(Math.round(options.limits.fileMaxBytes / 1024 / 1024), options.limits.fileTypes.join(", "))}</span>
        </label>
      )}
      <fieldset className="field">
        <legend>{tb.roles}</legend>
        {options.roles.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(event) => setRoles(event.target.checked ? [...roles, role] : roles.filter((entry) => entry !== role))}
            />{" "}
            {tb.roleNames[role] ?? role}
          </label>
        ))}
        <span className="hint">{tb.districtWideNote}</span>
      </fieldset>
      <label className="field">
        {tb.schools}
        <select value={mode} onChange={(event) => setMode(event.target.value as SchoolChoice["kind"])}>
          <option value="all">{tb.schoolsAll}</option>
          <option value="chosen">{tb.schoolsChosen}</option>
          {options.identification && <option value="cluster">{tb.schoolsCluster}</option>}
          {lists.length > 0 && <option value="list">{tb.schoolsList}</option>}
        </select>
      </label>
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
              {tb.clusters[row.cluster]} ({row.schools}), {tb.runYear(options.identification!.year)}
            </option>
          ))}
        </select>
      )}
      {mode === "list" && (
        <select value={lists.includes(list) ? list : lists[0]} onChange={(event) => setList(event.target.value)}>
          {lists.map((value) => (
            <option key={value} value={value}>
              {tb.lists[value]}
            </option>
          ))}
        </select>
      )}
      <Button size="s" mode="bezeled" disabled={busy || roles.length === 0 || (mode === "chosen" && !chosen.length)} onClick={count}>
        {tb.preview}
      </Button>
      {preview && (
        <Cell multiline subtitle={tb.previewChannels(preview.byChannel.telegram, preview.byChannel.max)} data-testid="broadcast-preview">
          {tb.previewResult(preview.reachable, preview.total)}
          {preview.total > preview.reachable && (
            <div className="hint">{tb.previewUnreachable(preview.unreachable.noChat, preview.unreachable.notConsented, preview.unreachable.blocked)}</div>
          )}
        </Cell>
      )}
      {error && <p className="error">{error.message}</p>}
      {!confirm ? (
        <Button disabled={busy || !ready || !preview || preview.reachable === 0} onClick={() => setConfirm(true)}>
          {tb.send}
        </Button>
      ) : (
        <>
          <p>{tb.sendAsk(preview?.reachable ?? 0)}</p>
          <Button disabled={busy || !ready} onClick={() => (setConfirm(false), void send())}>
            {tb.sendYes}
          </Button>
          <Button size="s" mode="plain" onClick={() => setConfirm(false)}>
            {tb.cancel}
          </Button>
        </>
      )}
    </Section>
  );
}

function BroadcastList({ districtId, navigate }: { districtId: string; navigate: (route: Route) => void }) {
  const [state, reload] = useApi(`broadcasts:${districtId}`, () =>
    apiFetch(`/districts/${districtId}/broadcasts`).then((response) => readJson<{ broadcasts: BroadcastItem[] }>(response)),
  );
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  return (
    <Section header={tb.list}>
      {state.data.broadcasts.length === 0 && <Cell>{tb.none}</Cell>}
      {state.data.broadcasts.map((item) => (
        <Cell
          key={item.id}
          multiline
          subtitle={item.state === "draft" ? tb.draft : `${tb.queuedAt(when(item.queuedAt!))} · ${tb.delivered} ${item.counts.delivered} из ${item.recipients}`}
          onClick={() => navigate({ page: "broadcasts", districtId, broadcastId: item.id })}
        >
          {item.text.length > 120 ? `${item.text.slice(0, 120)}…` : item.text}
        </Cell>
      ))}
    </Section>
  );
}

function targetLine(target: Target): string {
  const roles = target.roles.map((role) => tb.roleNames[role] ?? role).join(", ");
  const schools =
    target.schools.kind === "all"
      ? tb.schoolsAll
      : target.schools.kind === "chosen"
        ? `${tb.schoolsChosen.toLowerCase()}: ${target.schools.schools.length}`
        : target.schools.kind === "cluster"
          ? tb.clusters[target.schools.cluster] ?? target.schools.cluster
          : tb.lists[target.schools.list] ?? target.schools.list;
  return `${roles}; ${schools}`;
}

function ReportView({ districtId, broadcastId, navigate, canWrite }: { districtId: string; broadcastId: string; navigate: (route: Route) => void; canWrite: boolean }) {
  const [tick, setTick] = useState(0);
  const [state, reload] = useApi(`broadcast:${broadcastId}:${tick}`, () => apiFetch(`/broadcasts/${broadcastId}`).then((response) => readJson<Report>(response)));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const live = state.status === "ok" && state.data.inProgress;
  // Polls while anything is queued; stops when delivery is over.
  useEffect(() => {
    if (!live) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 3000);
    return () => clearTimeout(timer);
  }, [live, tick]);
  const [last, setLast] = useState<Report | null>(null);
  useEffect(() => {
    if (state.status === "ok") setLast(state.data);
  }, [state]);
  const report = state.status === "ok" ? state.data : last;
  if (!report && state.status === "loading") return <Loading />;
  if (!report && state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  if (!report) return null;
  const sendDraft = async () => {
    setSending(true);
    setError(null);
    try {
      await postJson(`/broadcasts/${broadcastId}/send`);
      setTick((n) => n + 1);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setSending(false);
    }
  };
  return (
    <List>
      <Button size="s" mode="plain" onClick={() => navigate({ page: "broadcasts", districtId })}>
        {tb.back}
      </Button>
      <Title level="2" weight="2">
        {tb.report}
      </Title>
      <Section>
        <Cell multiline>{report.text}</Cell>
        {report.link && <Cell multiline>{report.link}</Cell>}
        {report.file && <Cell>{tb.fileAttached(report.file.name)}</Cell>}
        <Cell multiline subtitle={tb.target}>
          {targetLine(report.target)}
        </Cell>
      </Section>
      {report.state === "draft" ? (
        <Section>
          <Cell>{tb.draft}</Cell>
          {error && <p className="error">{error.message}</p>}
          {canWrite && (
            <Button disabled={sending} onClick={() => void sendDraft()}>
              {tb.sendDraft}
            </Button>
          )}
        </Section>
      ) : (
        <Section header={tb.recipients(report.recipients)} data-testid="broadcast-report">
          <Cell after={String(report.counts.queued)}>{tb.queued}</Cell>
          <Cell after={String(report.counts.delivered)}>{tb.delivered}</Cell>
          <Cell after={String(report.counts.blocked)}>{tb.blocked}</Cell>
          <Cell after={String(report.counts.failed)}>{tb.failed}</Cell>
          <p className="hint">{report.inProgress ? tb.live : tb.done}</p>
        </Section>
      )}
      {report.undelivered.length > 0 && (
        <Section header={tb.undelivered}>
          {report.undelivered.map((entry) => (
            <Cell key={entry.personId} subtitle={entry.state === "blocked" ? tb.blocked : tb.failed}>
              {entry.displayName ?? tb.noName}
            </Cell>
          ))}
        </Section>
      )}
    </List>
  );
}
