import { lazy, Suspense, useEffect } from "react";
import { Cell, List, Placeholder, Section, Spinner, Title } from "@telegram-apps/telegram-ui";
import { api, type AreaAggregate, type SchoolDeficits } from "../api.ts";
import { formatDate, formatPercent, t } from "../messages/ru.ts";
import { useApi } from "../useApi.ts";
import { levelColor, levelLabel } from "../components/level.ts";
import { ErrorBoundary, ErrorView, Loading } from "../components/Status.tsx";

const loadChart = () => import("../components/DeficitChart.tsx");
const DeficitChart = lazy(loadChart);

/** The school head's page: anonymous summary of the school's teachers' deficits in the latest diagnostic. */
export function SchoolDeficitsPage({ schoolId }: { schoolId: string }) {
  const [state, retry] = useApi(`school:${schoolId}`, () => api.schoolDeficits(schoolId));
  // Fetch the chart code alongside the data instead of after it: one round trip less on a slow link.
  useEffect(() => {
    loadChart().catch(() => {
      // Reported where it matters: the chart's own import fails too, and its boundary offers a retry.
    });
  }, []);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return <SchoolDeficitsView data={state.data} />;
}

function SchoolDeficitsView({ data }: { data: SchoolDeficits }) {
  const { school, campaign, aggregate } = data;
  return (
    <List data-testid="school-deficits">
      <Title level="2" weight="2" className="page-title">
        {school.name}
      </Title>
      {campaign && (
        <p className="page-subtitle">
          {campaign.title}
          <br />
          {t("school.period", { from: formatDate(campaign.opensAt), to: formatDate(campaign.closesAt) })}
        </p>
      )}

      {aggregate === null ? (
        <Placeholder data-testid="no-campaign" header={t("school.noCampaign")} description={t("school.noCampaignHint")} />
      ) : aggregate.hidden ? (
        // Below the anonymity threshold no figure may leak, not even the respondent count.
        <Placeholder
          data-testid="not-enough"
          header={t("school.notEnough")}
          description={t("school.notEnoughExplain", { n: aggregate.minRespondents })}
        />
      ) : (
        <>
          <p className="page-subtitle" data-testid="respondents">
            {t("school.respondents", { n: aggregate.respondents })}
          </p>
          <AreasView areas={[...aggregate.areas].sort((a, b) => b.meanDeficit - a.meanDeficit)} />
        </>
      )}
    </List>
  );
}

function AreasView({ areas }: { areas: AreaAggregate[] }) {
  return (
    <>
      <Section header={t("school.chartTitle")} footer={t("school.legend")}>
        <div className="chart" data-testid="deficit-chart">
          <ErrorBoundary message="error.network">
            <Suspense
              fallback={
                <div className="center chart-placeholder">
                  <Spinner size="m" />
                </div>
              }
            >
              <DeficitChart areas={areas} />
            </Suspense>
          </ErrorBoundary>
        </div>
      </Section>

      <Section header={t("school.tableTitle")}>
        {areas.map((area) => (
          <Cell
            key={area.areaId}
            multiline
            before={<span className="level-dot" style={{ background: levelColor[area.level] }} aria-hidden="true" />}
            after={<span className="figure">{formatPercent(area.meanDeficit)}%</span>}
            subtitle={t("school.levelLine", { level: t(levelLabel[area.level]) })}
            description={t("school.pronouncedShare", { value: formatPercent(area.pronouncedShare) })}
          >
            {area.title}
            <span className="visually-hidden">. {t("school.meanDeficit", { value: formatPercent(area.meanDeficit) })}</span>
          </Cell>
        ))}
      </Section>
    </>
  );
}
