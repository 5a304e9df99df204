/**
 * Pieces of the roadmap pages (#14): the state chip (overdue in red), the evidence list with downloads,
 * and an executor's actions on an event (done with a link or a file, need help, postpone).
 */
import { useState } from "react";
import { Button } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson } from "../api.ts";
import { save } from "../download.ts";
import { rmt, type EventState } from "../messages/ru-roadmap.ts";
import { roadmapApi, type Evidence, type RoadmapEvent } from "./RoadmapApi.ts";

const CHIP_COLOURS: Record<EventState, { background: string; color: string }> = {
  planned: { background: "rgba(128,128,128,0.15)", color: "inherit" },
  in_progress: { background: "rgba(36,129,204,0.15)", color: "#2481cc" },
  done: { background: "rgba(49,181,69,0.15)", color: "#31b545" },
  overdue: { background: "rgba(229,57,53,0.15)", color: "#e53935" },
  cancelled: { background: "rgba(128,128,128,0.1)", color: "#8e8e93" },
};

export const OVERDUE_COLOUR = "#e53935";

export function StateChip({ state }: { state: EventState }) {
  return (
    <span data-testid={`state-${state}`} style={{ ...CHIP_COLOURS[state], borderRadius: 10, padding: "1px 8px", fontSize: 13, whiteSpace: "nowrap" }}>
      {rmt.states[state]}
    </span>
  );
}

export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  const [error, setError] = useState<string | null>(null);
  if (!evidence.length) return <p className="work-note">{rmt.noEvidence}</p>;
  const download = async (item: Evidence) => {
    setError(null);
    try {
      const response = await apiFetch(roadmapApi.evidenceUrl(item.id));
      if (!response.ok) await readJson(response);
      save({ blob: await response.blob(), filename: item.fileName ?? "evidence" });
    } catch (raised) {
      setError(asApiError(raised).message);
    }
  };
  return (
    <>
      <ul className="work-lines">
        {evidence.map((item) => (
          <li key={item.id}>
            {item.url ? (
              <a href={item.url} target="_blank" rel="noreferrer noopener">
                {item.url}
              </a>
            ) : (
              <Button size="s" mode="plain" onClick={() => void download(item)}>
                {rmt.download}: {item.fileName}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {error && <p className="work-error" role="alert">{error}</p>}
    </>
  );
}

/** Done with evidence, need help, postpone: what an executor (or an editor) does to an open event. */
export function EventActions({ event, onChanged }: { event: RoadmapEvent; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [link, setLink] = useState("");
  const [due, setDue] = useState("");
  const [reason, setReason] = useState("");
  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await work();
      if (done) setNote(done);
      onChanged();
    } catch (raised) {
      setError(asApiError(raised).message);
    } finally {
      setBusy(false);
    }
  };
  const [open, setOpen] = useState<"done" | "postpone" | null>(null);
  if (event.state === "done" || event.state === "cancelled") return null;
  return (
    <div data-testid={`event-actions-${event.id}`}>
      <div className="work-sheet-buttons">
        <Button size="s" mode={open === "done" ? "filled" : "bezeled"} disabled={busy} onClick={() => setOpen(open === "done" ? null : "done")}>
          ✅ {rmt.actions.done}
        </Button>
        <Button size="s" mode="bezeled" disabled={busy} onClick={() => act(() => roadmapApi.help(event.id), rmt.helpSent)}>
          🆘 {rmt.askHelp}
        </Button>
        <Button size="s" mode={open === "postpone" ? "filled" : "bezeled"} disabled={busy} onClick={() => setOpen(open === "postpone" ? null : "postpone")}>
          📅 {rmt.actions.postpone}
        </Button>
      </div>
      {open === "done" && (
        <>
          <label className="work-field">
            {rmt.evidenceLink}
            <input type="url" value={link} placeholder="https://" onChange={(e) => setLink(e.target.value)} />
          </label>
          <div className="work-sheet-buttons">
            <Button size="s" disabled={busy || !link.trim()} onClick={() => act(() => roadmapApi.act(event.id, { action: "done", url: link.trim() }))}>
              {rmt.evidenceLinkSave}
            </Button>
          </div>
          <label className="work-field">
            {rmt.evidenceFile}
            <input
              type="file"
              disabled={busy}
              onChange={(e) => {
                const chosen = e.target.files?.[0];
                if (chosen)
                  void act(async () => {
                    await roadmapApi.uploadEvidence(event.id, chosen);
                    await roadmapApi.act(event.id, { action: "done" });
                  });
              }}
            />
          </label>
        </>
      )}
      {open === "postpone" && (
        <>
          <label className="work-field">
            {rmt.postponeDate}
            <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
          <label className="work-field">
            {rmt.postponeReason}
            <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="work-sheet-buttons">
            <Button size="s" mode="gray" disabled={busy || !due || reason.trim().length < 3} onClick={() => act(() => roadmapApi.act(event.id, { action: "postpone", dueOn: due, reason: reason.trim() }))}>
              {rmt.postponeSave}
            </Button>
          </div>
        </>
      )}
      {busy && <p className="work-note" role="status">{rmt.saving}</p>}
      {note && <p className="work-note" role="status">{note}</p>}
      {error && <p className="work-error" role="alert">{error}</p>}
    </div>
  );
}
