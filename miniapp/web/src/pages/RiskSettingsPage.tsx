import { useState } from "react";
import { Button, Cell, Input, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { useApi } from "../useApi.ts";
import { riskApi, rt, type FactorId, type FactorRule, type RiskSettings, type RiskSettingsView } from "./RiskProfileApi.ts";

type Kind = RiskSettingsView["catalog"][number]["parameters"][number]["kind"];

/** A threshold as typed: a share in percent, the rest as they are; a comma is a decimal point. */
const shown = (kind: Kind, threshold: number | null) => (threshold === null ? "" : kind === "share" ? String(Math.round(threshold * 1000) / 10) : String(threshold));
const parsed = (kind: Kind, text: string): number | null => {
  const value = Number(text.replace(",", ".").trim());
  if (text.trim() === "" || !Number.isFinite(value)) return null;
  return kind === "share" ? value / 100 : value;
};

interface Draft {
  minRespondents: string;
  thresholds: Record<string, string>;
  enabled: Record<string, boolean>;
  rules: Record<FactorId, string>;
  note: string;
}

const draftOf = (view: RiskSettingsView): Draft => ({
  minRespondents: String(view.settings.minRespondents),
  thresholds: Object.fromEntries(view.catalog.flatMap((factor) => factor.parameters.map((p) => [p.key, shown(p.kind, view.settings.parameters[p.key]?.threshold ?? null)]))),
  enabled: Object.fromEntries(view.catalog.flatMap((factor) => factor.parameters.map((p) => [p.key, view.settings.parameters[p.key]?.enabled ?? true]))),
  rules: Object.fromEntries(view.catalog.map((factor) => {
    const rule = view.settings.factors[factor.id];
    return [factor.id, rule?.rule === "atLeast" ? String(rule.count) : "half"];
  })) as Record<FactorId, string>,
  note: "",
});

/**
 * The district's risk-profile settings (#13 §6): a threshold per parameter (or off), a rule per factor, the
 * minimum of answers; saved as a new version with a note. Past profiles keep the version they were computed
 * with. District staff only (the server checks); the server checks every value again (zod).
 */
export function RiskSettingsPage({ districtId }: { districtId: string }) {
  const [state, reload] = useApi(`risk-settings:${districtId}`, () => riskApi.settings(districtId));
  const [saved, setSaved] = useState<RiskSettingsView | null>(null);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const view = saved ?? state.data;
  return <SettingsForm key={view.version} view={view} justSaved={saved !== null} onSaved={setSaved} />;
}

export function SettingsForm({ view, justSaved, onSaved }: { view: RiskSettingsView; justSaved: boolean; onSaved: (view: RiskSettingsView) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const save = async () => {
    setBusy(true);
    setError(null);
    const parameters: RiskSettings["parameters"] = {};
    for (const factor of view.catalog) {
      for (const parameter of factor.parameters) {
        const before = view.settings.parameters[parameter.key];
        const threshold = parameter.kind === "flag" ? null : parsed(parameter.kind, draft.thresholds[parameter.key] ?? "");
        parameters[parameter.key] = {
          threshold,
          enabled: draft.enabled[parameter.key] ?? true,
          // The reasoning stays with the threshold it explains; a changed threshold is explained by the version's note.
          ...(before?.note && before.threshold === threshold ? { note: before.note } : {}),
        };
      }
    }
    const factors = Object.fromEntries(
      view.catalog.map((factor) => [factor.id, draft.rules[factor.id] === "half" ? { rule: "half" } : { rule: "atLeast", count: Number(draft.rules[factor.id]) }]),
    ) as Record<FactorId, FactorRule>;
    try {
      onSaved(await riskApi.saveSettings(view.districtId, { minRespondents: Number(draft.minRespondents), parameters, factors }, draft.note));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <List data-testid="risk-settings">
      <Title level="2" weight="2" className="page-title">
        {rt.settingsTitle}
      </Title>
      <p className="page-subtitle" data-testid="risk-settings-version">
        {rt.version(view.version, view.stored)}
      </p>
      {justSaved && (
        <p className="page-subtitle" role="status" data-testid="risk-settings-saved">
          {rt.saved(view.version)}
        </p>
      )}
      <Section footer={rt.minRespondentsHint(view.minRespondentsFloor)}>
        <Input header={rt.minRespondents} type="number" inputMode="numeric" value={draft.minRespondents} onChange={(event) => setDraft({ ...draft, minRespondents: event.target.value })} data-testid="risk-min-respondents" />
      </Section>
      {view.catalog.map((factor) => (
        <Section key={factor.id} header={`${factor.number}. ${factor.name}`}>
          <label className="work-select" style={{ display: "block", padding: "8px 16px" }}>
            <span>{rt.rule}: </span>
            <select value={draft.rules[factor.id]} onChange={(event) => setDraft({ ...draft, rules: { ...draft.rules, [factor.id]: event.target.value } })} data-testid={`risk-rule-select-${factor.id}`}>
              <option value="half">{rt.ruleHalf}</option>
              {factor.parameters.map((_, index) => (
                <option key={index} value={String(index + 1)}>
                  {rt.ruleAtLeast(index + 1)}
                </option>
              ))}
            </select>
          </label>
          {factor.parameters.map((parameter) => (
            <div key={parameter.key} style={{ padding: "8px 16px", borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" }}>
              <p style={{ margin: "0 0 4px", fontWeight: 600 }}>
                {parameter.number} {parameter.name}
              </p>
              <p className="page-subtitle" style={{ padding: 0 }}>
                {parameter.measure} · {parameter.kindName} · {parameter.directionName}
              </p>
              {view.settings.parameters[parameter.key]?.note && (
                <p className="page-subtitle" style={{ padding: 0 }}>
                  {view.settings.parameters[parameter.key]!.note}
                </p>
              )}
              <label style={{ display: "flex", gap: 8, alignItems: "center", minHeight: 44 }}>
                <input
                  type="checkbox"
                  checked={draft.enabled[parameter.key] ?? true}
                  onChange={(event) => setDraft({ ...draft, enabled: { ...draft.enabled, [parameter.key]: event.target.checked } })}
                  data-testid={`risk-enabled-${parameter.key}`}
                />
                {rt.enabled}
              </label>
              {parameter.kind === "flag" ? (
                <p className="page-subtitle" style={{ padding: 0 }}>
                  {rt.flagThreshold}
                </p>
              ) : (
                <Input
                  header={rt.thresholdHeader(parameter.kind === "share", parameter.higherWorse)}
                  inputMode="decimal"
                  value={draft.thresholds[parameter.key] ?? ""}
                  onChange={(event) => setDraft({ ...draft, thresholds: { ...draft.thresholds, [parameter.key]: event.target.value } })}
                  data-testid={`risk-threshold-${parameter.key}`}
                />
              )}
            </div>
          ))}
        </Section>
      ))}
      <Section>
        <Input header={rt.note} value={draft.note} onChange={(event) => setDraft({ ...draft, note: event.target.value })} data-testid="risk-settings-note" />
        <div className="work-actions">
          <Button size="m" stretched disabled={busy} onClick={save} data-testid="risk-settings-save">
            {busy ? rt.saving : rt.save}
          </Button>
          {error && (
            <pre className="work-error" role="alert" style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }} data-testid="risk-settings-error">
              {error.message}
            </pre>
          )}
        </div>
      </Section>
      {view.versions.length > 0 && (
        <Section header={rt.versions} data-testid="risk-settings-versions">
          {view.versions.map((version) => (
            <Cell key={version.version} multiline description={version.note ?? undefined}>
              {rt.versionRow(version.version, version.createdAt)}
            </Cell>
          ))}
        </Section>
      )}
    </List>
  );
}
