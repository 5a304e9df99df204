import { useState } from "react";
import { Button, Cell, Section } from "@telegram-apps/telegram-ui";
import { api, ApiError, type OperatorInput } from "../api.ts";
import { t } from "../messages/ru.ts";
import { td } from "../messages/ru-district.ts";
import { tw, type WorkMessageKey } from "../messages/ru-work.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

const REQUIRED = ["name", "address", "term"] as const;
const OPTIONAL = ["purpose", "data", "actions", "withdrawal"] as const;
const LABEL: Record<keyof OperatorInput, WorkMessageKey> = {
  name: "work.operatorName",
  address: "work.operatorAddress",
  term: "work.operatorTerm",
  purpose: "work.operatorPurpose",
  data: "work.operatorData",
  actions: "work.operatorActions",
  withdrawal: "work.operatorWithdrawal",
};

/**
 * The operator of personal data (152-ФЗ) for the consent text, entered by district staff here rather
 * than by the server's administrator: until it is set, no invite is issued (#11 §4). The same use
 * case as `npm run cli -- district operator` (core/services/onboarding.ts setDistrictOperator).
 */
export function OperatorSection({ districtId }: { districtId: string }) {
  const [state, reload] = useApi(`operator:${districtId}`, () => api.operator(districtId));
  const [form, setForm] = useState<OperatorInput | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const current = state.data.operator;
  const edit = () => {
    setSaved(false);
    setError(null);
    setForm(current ?? { name: "", address: "", term: "", ...state.data.defaults });
  };
  const submit = (input: OperatorInput) => {
    const trimmed = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, value.trim()])) as unknown as OperatorInput;
    if (REQUIRED.some((key) => !trimmed[key])) return setError(tw("work.operatorRequired"));
    setBusy(true);
    setError(null);
    api.setOperator(districtId, trimmed).then(
      () => {
        setBusy(false);
        setForm(null);
        setSaved(true);
        reload();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof ApiError ? failure.message : t("error.unknown"));
      },
    );
  };

  return (
    <Section header={tw("work.operator")} footer={tw("work.operatorHint")} data-testid="work-operator">
      {!form && (
        <>
          <Cell multiline data-testid="operator-state" description={current ? `${current.address} · ${current.term}` : undefined}>
            {current ? current.name : tw("work.operatorMissing")}
          </Cell>
          {saved && <p className="work-note">{tw("work.operatorSaved")}</p>}
          {current && <p className="work-note">{tw("work.operatorSet")}</p>}
          <div className="work-actions">
            <Button size="m" mode={current ? "gray" : "filled"} stretched onClick={edit} data-testid="operator-edit">
              {tw("work.operatorEdit")}
            </Button>
          </div>
        </>
      )}
      {form && (
        <form
          className="work-actions"
          data-testid="operator-form"
          onSubmit={(event) => {
            event.preventDefault();
            submit(form);
          }}
        >
          {REQUIRED.map((key) => (
            <label key={key} className="work-field">
              <span>{tw(LABEL[key])}</span>
              <input
                value={form[key]}
                maxLength={1000}
                required
                data-testid={`operator-${key}`}
                onChange={(event) => setForm({ ...form, [key]: event.target.value })}
              />
            </label>
          ))}
          {OPTIONAL.map((key) => (
            <label key={key} className="work-field">
              <span>{tw(LABEL[key])}</span>
              <textarea value={form[key]} maxLength={1000} rows={3} onChange={(event) => setForm({ ...form, [key]: event.target.value })} />
            </label>
          ))}
          {error && (
            <p className="work-error" role="alert" data-testid="operator-error">
              {error}
            </p>
          )}
          <div className="remind-actions">
            <Button size="m" mode="gray" stretched type="button" onClick={() => setForm(null)}>
              {td("district.remindCancel")}
            </Button>
            <Button size="m" stretched type="submit" disabled={busy} loading={busy} data-testid="operator-save">
              {tw("work.operatorSave")}
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}
