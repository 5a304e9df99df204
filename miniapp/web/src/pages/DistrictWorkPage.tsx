import { useRef, useState } from "react";
import { Button, Cell, Input, List, Section, Title } from "@telegram-apps/telegram-ui";
import { api, ApiError, asApiError, type CampaignRow, type MemberRow, type StaffImportResult } from "../api.ts";
import { t } from "../messages/ru.ts";
import { td } from "../messages/ru-district.ts";
import { tw } from "../messages/ru-work.ts";
import { tc } from "../messages/ru-campaigns.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { save } from "../download.ts";
import { OperatorSection } from "./OperatorSection.tsx";
// Data for identification of ШНОР/ШНСУ (#12) and the way to its page. Imported statically: a lazy
// section here made the bundler split telegram-ui's Button out of the first route's chunk (+0.2 KB gz).
import { IdentificationUploadSection } from "./IdentificationUpload.tsx";

/**
 * District work without the command line (#11 §2): open and close the diagnostic, upload the staff
 * workbook (checked first, written only after «Загрузить»), download invite sheets, and open a
 * school's people to deactivate, move or add a school. Every action calls the same use case as the
 * CLI on the server; the page never shows a command.
 */
export function DistrictWorkPage({ districtId, navigate }: { districtId: string; navigate: (route: Route) => void }) {
  return (
    <List data-testid="district-work">
      <Title level="2" weight="2" className="page-title">
        {tw("work.title")}
      </Title>
      <OperatorSection districtId={districtId} />
      <CampaignSection districtId={districtId} />
      <Button mode="bezeled" data-testid="open-campaigns" onClick={() => navigate({ page: "campaigns", districtId })}>{tc.entry}</Button>
      <ImportSection districtId={districtId} />
      <IdentificationUploadSection districtId={districtId} navigate={navigate} />
      <SchoolsSection districtId={districtId} navigate={navigate} />
    </List>
  );
}


function ActionError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <p className="work-error" role="alert" data-testid="work-error">
      {error.message}
    </p>
  );
}

// ---------- campaigns ----------

function CampaignSection({ districtId }: { districtId: string }) {
  const [state, reload] = useApi(`campaigns:${districtId}`, () => api.campaigns(districtId));
  const [confirm, setConfirm] = useState<null | { kind: "open" } | { kind: "close"; campaign: CampaignRow }>(null);
  const [days, setDays] = useState("30");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const current = state.data.campaigns.find((campaign) => campaign.status !== "closed" && campaign.instrumentKey === "teacher_deficits");

  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work().then(
      () => {
        setBusy(false);
        setConfirm(null);
        reload();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };
  const dayCount = Number(days);
  const daysValid = Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= 366;

  return (
    <Section header={tw("work.campaigns")} data-testid="work-campaigns">
      {state.data.campaigns.map((campaign) => (
        <Cell
          key={campaign.id}
          multiline
          data-testid={`campaign-${campaign.id}`}
          description={`${tw(`work.status.${campaign.status}`)} · ${campaign.opensLocal} — ${campaign.closesLocal} · ${td("district.row", {
            done: campaign.completed,
            n: campaign.teachers,
          })}`}
        >
          {campaign.title}
        </Cell>
      ))}
      <div className="work-actions">
        {confirm === null && !current && (
          <Button size="l" stretched onClick={() => setConfirm({ kind: "open" })} data-testid="campaign-open">
            {tw("work.open")}
          </Button>
        )}
        {confirm === null && current && (
          <Button size="l" mode="gray" stretched onClick={() => setConfirm({ kind: "close", campaign: current })} data-testid="campaign-close">
            {tw(current.status === "planned" ? "work.cancel" : "work.close")}
          </Button>
        )}
        {confirm?.kind === "open" && (
          <div className="remind-confirm" data-testid="campaign-open-confirm">
            <strong>{tw("work.openTitle")}</strong>
            <p>{tw("work.openText")}</p>
            <Input header={tw("work.days")} type="number" inputMode="numeric" value={days} onChange={(event) => setDays(event.target.value)} />
            <div className="remind-actions">
              <Button size="m" mode="gray" stretched onClick={() => setConfirm(null)}>
                {td("district.remindCancel")}
              </Button>
              <Button
                size="m"
                stretched
                disabled={busy || !daysValid}
                loading={busy}
                onClick={() => act(() => api.openCampaign(districtId, { days: dayCount }))}
                data-testid="campaign-open-yes"
              >
                {tw("work.openYes")}
              </Button>
            </div>
          </div>
        )}
        {confirm?.kind === "close" && (
          <div className="remind-confirm" data-testid="campaign-close-confirm">
            <strong>{tw("work.closeTitle", { title: confirm.campaign.title })}</strong>
            <p>{tw("work.closeText")}</p>
            <div className="remind-actions">
              <Button size="m" mode="gray" stretched onClick={() => setConfirm(null)}>
                {td("district.remindCancel")}
              </Button>
              <Button
                size="m"
                stretched
                disabled={busy}
                loading={busy}
                onClick={() => act(() => api.closeCampaign(confirm.campaign.id))}
                data-testid="campaign-close-yes"
              >
                {tw("work.closeYes")}
              </Button>
            </div>
          </div>
        )}
        <ActionError error={error} />
      </div>
    </Section>
  );
}

// ---------- staff workbook ----------

type ImportState =
  | { step: "idle" }
  | { step: "checking" | "applying"; file: File }
  | { step: "checked"; file: File; result: StaffImportResult }
  | { step: "applied"; result: StaffImportResult }
  | { step: "failed"; file: File | null; error: ApiError };

function ImportSection({ districtId }: { districtId: string }) {
  const [state, setState] = useState<ImportState>({ step: "idle" });
  const input = useRef<HTMLInputElement>(null);

  const check = (file: File) => {
    setState({ step: "checking", file });
    api.importStaff(districtId, file, false).then(
      (result) => setState({ step: "checked", file, result }),
      (error: unknown) => setState({ step: "failed", file, error: asApiError(error) }),
    );
  };
  const apply = (file: File) => {
    setState({ step: "applying", file });
    api.importStaff(districtId, file, true).then(
      (result) => setState({ step: "applied", result }),
      (error: unknown) => setState({ step: "failed", file, error: asApiError(error) }),
    );
  };

  return (
    <Section header={tw("work.import")} footer={tw("work.importHint")} data-testid="work-import">
      <div className="work-actions">
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="visually-hidden"
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = "";
            if (file) check(file);
          }}
        />
        <Button
          size="m"
          mode="bezeled"
          stretched
          onClick={() =>
            api.staffTemplate(districtId).then(save, (error: unknown) => setState({ step: "failed", file: null, error: asApiError(error) }))
          }
          data-testid="import-template"
        >
          {tw("work.importTemplate")}
        </Button>
        <Button
          size="l"
          mode={state.step === "checked" ? "gray" : "filled"}
          stretched
          loading={state.step === "checking"}
          disabled={state.step === "checking" || state.step === "applying"}
          onClick={() => input.current?.click()}
          data-testid="import-choose"
        >
          {tw("work.importChoose")}
        </Button>
        <div role="status" aria-live="polite" data-testid="import-result">
          {state.step === "checked" && (
            <>
              <ImportSummary result={state.result} />
              <Button size="l" stretched onClick={() => apply(state.file)} data-testid="import-apply">
                {tw("work.importApply")}
              </Button>
            </>
          )}
          {state.step === "applying" && <Loading />}
          {state.step === "applied" && <ImportSummary result={state.result} />}
          {state.step === "failed" && <p className="work-error work-lines">{state.error.message}</p>}
        </div>
      </div>
    </Section>
  );
}

function ImportSummary({ result }: { result: StaffImportResult }) {
  return (
    <div className="work-summary" data-testid="import-summary">
      <strong>{tw(result.applied ? "work.importDone" : "work.importChecked")}</strong>
      <p>
        {tw("work.importSchools", result.schools)}
        <br />
        {tw("work.importStaff", result.staff)}
      </p>
      {result.warnings.length > 0 && (
        <>
          <strong>{tw("work.importWarnings", { n: result.warnings.length })}</strong>
          <ul>
            {result.warnings.slice(0, 50).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

// ---------- schools: invite sheets and people ----------


function SchoolsSection({ districtId, navigate }: { districtId: string; navigate: (route: Route) => void }) {
  const [state, reload] = useApi(`schools:${districtId}`, () => api.districtSchools(districtId));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;

  const sheet = (schoolId: string, only: "notJoined" | "all") => {
    setBusy(`${schoolId}:${only}`);
    setError(null);
    api.inviteSheet(districtId, schoolId, only).then(
      (file) => {
        setBusy(null);
        save(file);
      },
      (failure: unknown) => {
        setBusy(null);
        setError(asApiError(failure));
      },
    );
  };

  return (
    <Section header={tw("work.schools")} footer={tw("work.sheetsHint")} data-testid="work-schools">
      <ActionError error={error} />
      {state.data.schools.map((school) => (
        <div key={school.id} className="work-school" data-testid={`work-school-${school.id}`}>
          <Cell
            Component="button"
            className="link-cell"
            multiline
            description={tw("work.schoolPeople", { teachers: school.teachers, heads: school.heads })}
            after={<span aria-hidden="true">›</span>}
            onClick={() => navigate({ page: "schoolPeople", districtId, schoolId: school.id })}
          >
            {school.name}
          </Cell>
          <div className="work-sheet-buttons">
            <Button
              size="m"
              mode="bezeled"
              loading={busy === `${school.id}:notJoined`}
              disabled={busy !== null}
              onClick={() => sheet(school.id, "notJoined")}
              data-testid={`sheet-not-joined-${school.id}`}
            >
              {tw("work.sheetNotJoined")}
            </Button>
            <Button
              size="m"
              mode="bezeled"
              loading={busy === `${school.id}:all`}
              disabled={busy !== null}
              onClick={() => sheet(school.id, "all")}
              data-testid={`sheet-all-${school.id}`}
            >
              {tw("work.sheetAll")}
            </Button>
          </div>
        </div>
      ))}
    </Section>
  );
}

/** A school's people, with what the district may change: deactivate, move, add a second school. */
export function SchoolPeoplePage({ districtId, schoolId }: { districtId: string; schoolId: string }) {
  const [members, reload] = useApi(`members:${schoolId}`, () => api.members(districtId, schoolId));
  const [schools] = useApi(`schools:${districtId}`, () => api.districtSchools(districtId));
  if (members.status === "loading" || schools.status === "loading") return <Loading />;
  if (members.status === "error") return <ErrorView error={members.error} onRetry={reload} />;
  if (schools.status === "error") return <ErrorView error={schools.error} onRetry={reload} />;
  const school = schools.data.schools.find((row) => row.id === schoolId);
  const others = schools.data.schools.filter((row) => row.id !== schoolId);
  const active = members.data.members.filter((member) => member.active && member.role !== "parent");
  return (
    <List data-testid="school-people">
      <Title level="2" weight="2" className="page-title">
        {school?.name ?? tw("work.people")}
      </Title>
      <Section footer={active.length ? tw("work.peopleHint") : tw("work.noPeople")}>
        {active.map((member) => (
          <MemberCell key={member.membershipId} member={member} districtId={districtId} others={others} onChanged={reload} />
        ))}
      </Section>
    </List>
  );
}

function MemberCell({
  member,
  districtId,
  others,
  onChanged,
}: {
  member: MemberRow;
  districtId: string;
  others: Array<{ id: string; name: string }>;
  onChanged: () => void;
}) {
  const [mode, setMode] = useState<"idle" | "deactivate" | "move" | "add">("idle");
  const [target, setTarget] = useState(others[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work().then(
      () => {
        setBusy(false);
        setMode("idle");
        onChanged();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };
  const status = member.channels.length ? tw("work.joined") : tw("work.notJoined");
  return (
    <div className="work-member" data-testid={`member-${member.membershipId}`}>
      <Cell multiline description={`${tw(`work.role.${member.role}` as "work.role.teacher")} · ${status}`}>
        {member.name ?? "—"}
      </Cell>
      <div className="work-sheet-buttons">
        {mode === "idle" && (
          <>
            <Button size="s" mode="bezeled" onClick={() => setMode("deactivate")} data-testid="member-deactivate">
              {tw("work.deactivate")}
            </Button>
            {others.length > 0 && (
              <Button size="s" mode="bezeled" onClick={() => setMode("move")} data-testid="member-move">
                {tw("work.move")}
              </Button>
            )}
            {others.length > 0 && (
              <Button size="s" mode="bezeled" onClick={() => setMode("add")} data-testid="member-add-school">
                {tw("work.addSchool")}
              </Button>
            )}
          </>
        )}
      </div>
      {mode !== "idle" && (
        <div className="remind-confirm work-confirm">
          {mode === "deactivate" ? (
            <p>{tw("work.deactivateText", { name: member.name ?? "—" })}</p>
          ) : (
            <label className="work-select">
              {tw(mode === "move" ? "work.moveTo" : "work.addTo")}
              <select value={target} onChange={(event) => setTarget(event.target.value)} data-testid="member-target">
                {others.map((school) => (
                  <option key={school.id} value={school.id}>
                    {school.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="remind-actions">
            <Button size="m" mode="gray" stretched onClick={() => setMode("idle")}>
              {td("district.remindCancel")}
            </Button>
            <Button
              size="m"
              stretched
              loading={busy}
              disabled={busy || (mode !== "deactivate" && !target)}
              data-testid="member-confirm"
              onClick={() =>
                act(() =>
                  mode === "deactivate"
                    ? api.deactivateMember(member.membershipId)
                    : mode === "move"
                      ? api.moveMember(member.membershipId, target)
                      : api.addMemberSchool(member.personId, { school: target, role: member.role, district: districtId }),
                )
              }
            >
              {tw("work.confirm")}
            </Button>
          </div>
        </div>
      )}
      <ActionError error={error} />
    </div>
  );
}
