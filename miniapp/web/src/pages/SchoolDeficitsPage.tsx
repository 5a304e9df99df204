import { lazy, Suspense, useEffect } from "react";
import { Cell, List, Placeholder, Section, Spinner, Title } from "@telegram-apps/telegram-ui";
import { api, type AreaAggregate, type Bounded, type ReleasedAreaRow, type SchoolDeficits } from "../api.ts";
import { formatDate, formatPercent, t } from "../messages/ru.ts";
import { tsch } from "../messages/ru-school.ts";
import { useApi } from "../useApi.ts";
import { levelColor, levelLabel } from "../components/level.ts";
import { ErrorBoundary, ErrorView, Loading } from "../components/Status.tsx";

const loadChart = () => import("../components/DeficitChart.tsx");
const DeficitChart = lazy(loadChart);

/** A released figure as printed: «≤ 5», «≥ 95» or «40». */
export function formatBounded(figure: Bounded): string {
  const value = formatPercent(figure.value);
  return figure.bound ? tsch(figure.bound === "le" ? "release.le" : "release.ge", { value }) : value;
}

/** The school head's page: anonymous summary of the school's teachers' deficits, as released (core/release). */
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
  const { school, campaign, aggregate, smallSchool, minRespondents, releasedAt } = data;
  let body;
  if (aggregate === null) {
    body = <Placeholder data-testid="no-campaign" header={tsch("school.noCampaign")} description={tsch("school.noCampaignHint")} />;
  } else if (smallSchool) {
    // A small school can never reach the minimum: say so instead of promising figures later.
    body = (
      <Placeholder
        data-testid="small-school"
        header={tsch("school.smallSchool")}
        description={tsch("school.smallSchoolExplain", { n: minRespondents })}
      />
    );
  } else if (aggregate.hidden) {
    // Below the anonymity threshold no figure may leak, not even the respondent count.
    body = <Placeholder data-testid="not-enough" header={tsch("school.notEnough")} description={tsch("school.hiddenExplain", { n: minRespondents })} />;
  } else {
    body = (
      <>
        <p className="page-subtitle" data-testid="respondents">
          {tsch("school.respondents", { n: aggregate.respondents })}
        </p>
        <AreasView areas={aggregate.areas} />
        {releasedAt && <p className="page-subtitle">{tsch("school.released", { date: formatDate(releasedAt) })}</p>}
      </>
    );
  }
  return (
    <List data-testid="school-deficits">
      <Title level="2" weight="2" className="page-title">
        {school.name}
      </Title>
      {campaign && (
        <p className="page-subtitle">
          {campaign.title}
          <br />
          {tsch("school.period", { from: formatDate(campaign.opensAt), to: formatDate(campaign.closesAt) })}
        </p>
      )}
      {body}
    </List>
  );
}

function AreasView({ areas }: { areas: ReleasedAreaRow[] }) {
  const shown = areas
    .flatMap((area) => (area.cell.hidden ? [] : [{ ...area, cell: area.cell }]))
    .sort((a, b) => b.cell.meanDeficit.value - a.cell.meanDeficit.value);
  const hidden = areas.filter((area) => area.cell.hidden);
  // The chart draws the printed value; a bound («≥ 95») is drawn at its bound.
  const bars: AreaAggregate[] = shown.map((area) => ({
    areaId: area.areaId,
    title: area.title,
    meanDeficit: area.cell.meanDeficit.value,
    level: area.cell.level,
    pronouncedShare: area.cell.pronouncedShare.value,
  }));
  return (
    <>
      <Section header={tsch("school.chartTitle")} footer={tsch("school.legend")}>
        <div className="chart" data-testid="deficit-chart">
          <ErrorBoundary message="error.network">
            <Suspense
              fallback={
                <div className="center chart-placeholder">
                  <Spinner size="m" />
                </div>
              }
            >
              <DeficitChart areas={bars} />
            </Suspense>
          </ErrorBoundary>
        </div>
      </Section>

      <Section header={tsch("school.tableTitle")}>
        {shown.map((area) => (
          <Cell
            key={area.areaId}
            multiline
            before={<span className="level-dot" style={{ background: levelColor[area.cell.level] }} aria-hidden="true" />}
            after={<span className="figure">{formatBounded(area.cell.meanDeficit)}%</span>}
            subtitle={tsch("school.levelLine", { level: t(levelLabel[area.cell.level]) })}
            description={tsch("school.pronouncedShare", { value: formatBounded(area.cell.pronouncedShare) })}
          >
            {area.title}
            <span className="visually-hidden">. {tsch("school.meanDeficit", { value: formatBounded(area.cell.meanDeficit) })}</span>
          </Cell>
        ))}
        {hidden.map((area) => (
          <Cell key={area.areaId} multiline data-testid="area-hidden" description={tsch("school.areaHidden")}>
            {area.title}
          </Cell>
        ))}
      </Section>
    </>
  );
}
