import { useState } from "react";
import { Button, Cell, Input, Section } from "@telegram-apps/telegram-ui";
import type { ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { formatDateTime, formatIndex, formatShare, ti } from "../messages/ru-identification.ts";
import { useApi } from "../useApi.ts";
import { asApiError, identificationApi, type MethodologyView } from "./IdentificationApi.ts";

export const SHNOR_PRESETS = ["consecutive", "seed000", "seed004"] as const;
export type ShnorPreset = (typeof SHNOR_PRESETS)[number];
const NORMALISATIONS = ["zscore", "minmax", "rank"] as const;
const SPLITS = ["mean", "median"] as const;

/** The preset a stored ШНОР rule follows (its kind; the parameters show beside it). */
export function presetOf(rule: MethodologyView["methodology"]["shnor"]): ShnorPreset {
  return rule.rule === "clusterWorst" ? "seed000" : rule.rule === "lowestShare" ? "seed004" : "consecutive";
}

interface Draft {
  shnor: ShnorPreset;
  years: string;
  normalisation: (typeof NORMALISATIONS)[number];
  splitResults: (typeof SPLITS)[number];
  splitSocial: (typeof SPLITS)[number];
  /** Percent, as typed. */
  lowSolve: string;
}

const draftOf = (view: MethodologyView): Draft => ({
  shnor: presetOf(view.methodology.shnor),
  years: String(view.methodology.years),
  normalisation: view.methodology.normalisation,
  splitResults: view.methodology.split.results,
  splitSocial: view.methodology.split.social,
  lowSolve: String(Math.round(view.methodology.lowSolveThreshold * 1000) / 10).replace(".", ","),
});

/** Only what changed, as the service's patch (a preset by its name; objects merge on the server). */
export function patchOf(view: MethodologyView, draft: Draft): Record<string, unknown> | null {
  const years = Number(draft.years);
  const lowSolve = Number(draft.lowSolve.replace(",", ".")) / 100;
  if (!Number.isInteger(years) || years < 1 || years > 5 || !(lowSolve > 0 && lowSolve <= 1)) return null;
  const m = view.methodology;
  const patch: Record<string, unknown> = {};
  if (draft.shnor !== presetOf(m.shnor)) patch.shnor = draft.shnor;
  if (years !== m.years) patch.years = years;
  if (draft.normalisation !== m.normalisation) patch.normalisation = draft.normalisation;
  if (draft.splitResults !== m.split.results || draft.splitSocial !== m.split.social) patch.split = { results: draft.splitResults, social: draft.splitSocial };
  if (Math.abs(lowSolve - m.lowSolveThreshold) > 1e-9) patch.lowSolveThreshold = lowSolve;
  return patch;
}

/**
 * The district's methodology in the Mini App (#12 §8), folded: the ШНОР rule (the three presets of the
 * seeds), the years the index averages, the normalisation, where the clusters split and the ВПР
 * threshold. Saving stores a new version; past runs keep theirs, and a new run uses it.
 */
export function IdentificationMethodologySection({ districtId }: { districtId: string }) {
  const [state, reload] = useApi(`methodology:${districtId}`, () => identificationApi.methodology(districtId));
  // Here, not in the form: the reload after a save replaces the form.
  const [saved, setSaved] = useState<number | null>(null);
  return (
    <Section data-testid="ident-methodology">
      <details>
        <summary className="page-note" style={{ cursor: "pointer", padding: "12px 16px", margin: 0, fontWeight: 600 }}>
          {state.status === "ok" && state.data.stored ? ti("method.titleVersion", { version: state.data.version }) : ti("method.title")}
        </summary>
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <ErrorView error={state.error} onRetry={reload} />}
        {state.status === "ok" && (
          <MethodologyForm
            key={state.data.version}
            districtId={districtId}
            view={state.data}
            onSaved={(version) => {
              setSaved(version);
              reload();
            }}
          />
        )}
        <div role="status" aria-live="polite" className="page-note">
          {saved !== null && <span data-testid="method-saved">{ti("method.saved", { version: saved })}</span>}
        </div>
      </details>
    </Section>
  );
}

function MethodologyForm({ districtId, view, onSaved }: { districtId: string; view: MethodologyView; onSaved: (version: number) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const patch = patchOf(view, draft);
  const changed = patch !== null && Object.keys(patch).length > 0;
  const save = () => {
    if (!patch) return;
    setBusy(true);
    setError(null);
    identificationApi.setMethodology(districtId, patch).then(
      (next) => {
        setBusy(false);
        onSaved(next.version);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };
  const select = <K extends keyof Draft>(key: K, label: string, options: ReadonlyArray<[Draft[K], string]>, testId: string) => (
    <label className="work-select">
      {label}
      <select value={draft[key]} onChange={(event) => setDraft({ ...draft, [key]: event.target.value as Draft[K] })} data-testid={testId}>
        {options.map(([value, text]) => (
          <option key={String(value)} value={String(value)}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="work-actions">
      <p className="page-note" style={{ margin: 0 }}>
        {view.stored && view.createdAt ? ti("method.current", { version: view.version, date: formatDateTime(view.createdAt) }) : ti("method.default")}
      </p>
      {select("shnor", ti("method.shnor"), SHNOR_PRESETS.map((preset) => [preset, ti(`method.preset.${preset}`)]), "method-shnor")}
      {select("normalisation", ti("method.normalisation"), NORMALISATIONS.map((value) => [value, ti(`method.norm.${value}`)]), "method-normalisation")}
      {select("splitResults", ti("method.splitResults"), SPLITS.map((value) => [value, ti(`method.split.${value}`)]), "method-split-results")}
      {select("splitSocial", ti("method.splitSocial"), SPLITS.map((value) => [value, ti(`method.split.${value}`)]), "method-split-social")}
      <Input header={ti("method.years")} type="number" inputMode="numeric" value={draft.years} onChange={(event) => setDraft({ ...draft, years: event.target.value })} />
      <Input header={ti("method.lowSolve")} inputMode="decimal" value={draft.lowSolve} onChange={(event) => setDraft({ ...draft, lowSolve: event.target.value })} />
      <Cell multiline description={ti("method.shnsu", {
          low: view.methodology.shnsu.lowSocial
            ? view.methodology.shnsu.lowSocial.by === "share"
              ? ti("method.lowShare", { share: formatShare(view.methodology.shnsu.lowSocial.share) })
              : ti("method.lowBelow", { value: formatIndex(view.methodology.shnsu.lowSocial.value) })
            : ti("method.off"),
          flags: view.methodology.shnsu.minFlags ?? ti("method.off"),
        })}>
        {ti("method.shnsuTitle")}
      </Cell>
      {patch === null && <p className="work-error" style={{ padding: 0 }}>{ti("method.invalid")}</p>}
      <Button size="l" stretched disabled={!changed || busy} loading={busy} onClick={save} data-testid="method-save">
        {ti("method.save")}
      </Button>
      {error && (
        <p className="work-error work-lines" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
