import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { api, asApiError, type ApiError } from "../api.ts";
import { Radar } from "../components/charts/Radar.tsx";
import { ErrorView, Loading } from "../components/Status.tsx";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { FACTOR_ORDER, FACTOR_SHORT, RISK_COLORS, riskApi, rt, type DistrictRiskView } from "./RiskProfileApi.ts";

/**
 * The district's schools with their risk profiles of a year (#13 §6): how many factors are fixed at each
 * school (the riskiest first), how many schools have each factor fixed, the district's mean radar, recomputing
 * with the current settings, and the way to the settings. District staff only (the server checks).
 */
export function RiskProfileDistrictPage({ districtId, year, navigate }: { districtId: string; year?: number; navigate: (route: Route) => void }) {
  const [state, reload] = useApi(`risk-district:${districtId}:${year ?? "current"}`, () => riskApi.district(districtId, year));
  const [fresh, setFresh] = useState<DistrictRiskView | null>(null);
  // The working group (#15) reads the profiles: no recompute, no settings.
  const [me] = useApi("me", () => api.me());
  const canWrite = me.status === "ok" && me.data.roles.some((grant) => (grant.role === "district" || grant.role === "regional") && grant.districtId === districtId);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  return <DistrictView view={fresh ?? state.data} navigate={navigate} onRecomputed={setFresh} canWrite={canWrite} />;
}

export function DistrictView({
  view,
  navigate,
  onRecomputed,
  canWrite = true,
}: {
  view: DistrictRiskView;
  navigate: (route: Route) => void;
  onRecomputed: (view: DistrictRiskView) => void;
  canWrite?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const recompute = async () => {
    setBusy(true);
    setError(null);
    try {
      onRecomputed(await riskApi.recompute(view.district.id, view.year));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const withProfile = view.schools.filter((school) => school.profile).length;
  return (
    <List data-testid="risk-district">
      <Title level="2" weight="2" className="page-title">
        {rt.districtTitle}
      </Title>
      <p className="page-subtitle">
        {view.district.name} · {rt.year(view.yearLabel)}
      </p>
      {view.averages && (
        <Section header={rt.districtAverage} footer={rt.radarHint(withProfile)}>
          <div className="chart chart-radar" data-testid="risk-district-radar">
            <Radar
              title={rt.districtAverage}
              axes={FACTOR_ORDER.map((id) => FACTOR_SHORT[id])}
              max={1}
              format={rt.percent}
              series={[{ id: "district", name: rt.districtAverage, color: "#f29900", values: FACTOR_ORDER.map((id) => view.averages?.[id] ?? 0) }]}
            />
          </div>
        </Section>
      )}
      <Section header={rt.schoolsHeader(view.yearLabel)} data-testid="risk-district-schools">
        {view.schools.map((school) => (
          <Cell
            key={school.id}
            Component="button"
            className="link-cell"
            multiline
            data-testid={`risk-school-${school.id}`}
            before={<span className="level-dot" style={{ background: school.profile ? (school.profile.fixed ? RISK_COLORS.fixed : RISK_COLORS.not_fixed) : RISK_COLORS.no_data }} aria-hidden="true" />}
            after={<span aria-hidden="true">›</span>}
            subtitle={school.profile ? rt.schoolLine(school.profile.fixed, school.profile.noData) : rt.schoolNoProfile}
            description={school.profile?.fixedFactors.join("; ") || undefined}
            onClick={() => navigate({ page: "riskProfile", schoolId: school.id, year: view.year })}
          >
            {school.name}
          </Cell>
        ))}
      </Section>
      {withProfile > 0 && (
        <Section header={rt.fixedBy}>
          {FACTOR_ORDER.map((id) => (
            <Cell key={id} after={<span className="figure">{rt.fixedByRow(view.fixedBySchool[id] ?? 0)}</span>}>
              {FACTOR_SHORT[id]}
            </Cell>
          ))}
        </Section>
      )}
      {canWrite && (
        <Section footer={rt.recomputeHint}>
          <div className="work-actions">
            <Button size="m" stretched disabled={busy} onClick={recompute} data-testid="risk-recompute">
              {busy ? rt.recomputing : rt.recompute}
            </Button>
            {error && (
              <p className="work-error" role="alert">
                {error.message}
              </p>
            )}
          </div>
          <Cell Component="button" className="link-cell" after={<span aria-hidden="true">›</span>} onClick={() => navigate({ page: "riskSettings", districtId: view.district.id })} data-testid="risk-settings-link">
            {rt.settingsLink}
          </Cell>
        </Section>
      )}
      {view.years.length > 1 && (
        <Section header={rt.otherYears}>
          {view.years
            .filter((entry) => entry !== view.year)
            .map((entry) => (
              <Cell key={entry} Component="button" className="link-cell" after={<span aria-hidden="true">›</span>} onClick={() => navigate({ page: "riskDistrict", districtId: view.district.id, year: entry })}>
                {`${entry - 1}/${String(entry % 100).padStart(2, "0")}`}
              </Cell>
            ))}
        </Section>
      )}
    </List>
  );
}
