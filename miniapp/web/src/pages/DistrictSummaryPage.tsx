import { useState } from "react";
import { Button, Cell, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { api, ApiError, type DistrictSummary, type ReleasedAreaRow, type ReleasedCell } from "../api.ts";
import { formatDate, t } from "../messages/ru.ts";
import { td } from "../messages/ru-district.ts";
import { tsch } from "../messages/ru-school.ts";
import { useApi } from "../useApi.ts";
import { levelColor, levelLabel } from "../components/level.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { formatBounded } from "./SchoolDeficitsPage.tsx";
import { save } from "../download.ts";

/**
 * District staff: deficits by area across the district and a table of schools × areas, every cell
 * as released by core/release (hidden cells show «—» and nothing else), with the same figures as an
 * XLSX download.
 */
export function DistrictSummaryPage({ districtId }: { districtId: string }) {
  const [state, retry] = useApi(`summary:${districtId}`, () => api.districtSummary(districtId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return <SummaryView districtId={districtId} data={state.data} />;
}


const cellText = (cell: ReleasedCell) => (cell.hidden ? "—" : formatBounded(cell.meanDeficit));

const tableStyle = { borderCollapse: "collapse", fontSize: 14, minWidth: "100%" } as const;
const headStyle = { textAlign: "left", padding: "8px 6px", verticalAlign: "bottom", fontWeight: 600 } as const;
const bodyStyle = { padding: "8px 6px", borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" } as const;

function SummaryView({ districtId, data }: { districtId: string; data: DistrictSummary }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const download = () => {
    setBusy(true);
    setError(null);
    api.districtSummaryXlsx(districtId).then(
      (file) => {
        setBusy(false);
        save(file);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof ApiError ? failure : new ApiError(t("error.unknown"), "http", null, null));
      },
    );
  };

  const { campaign, district, smallSchools, schools } = data;
  if (!campaign || !district) {
    return (
      <List data-testid="district-summary">
        <Title level="2" weight="2" className="page-title">
          {td("summary.title")}
        </Title>
        <Placeholder data-testid="no-campaign" header={tsch("school.noCampaign")} description={tsch("school.noCampaignHint")} />
      </List>
    );
  }
  const areas = district.areas;
  const normal = schools.filter((school) => !school.small);
  const small = schools.filter((school) => school.small);
  const row = (key: string, name: string, cells: ReleasedAreaRow[], italic = false) => (
    <tr key={key} data-testid={`summary-row-${key}`}>
      <th scope="row" style={{ ...bodyStyle, ...headStyle, fontStyle: italic ? "italic" : "normal" }}>
        {name}
      </th>
      {cells.map((area) => (
        <td key={area.areaId} style={{ ...bodyStyle, textAlign: "right", whiteSpace: "nowrap" }} aria-label={area.cell.hidden ? tsch("release.hidden") : undefined}>
          {cellText(area.cell)}
        </td>
      ))}
    </tr>
  );

  return (
    <List data-testid="district-summary">
      <Title level="2" weight="2" className="page-title">
        {td("summary.title")}
      </Title>
      <p className="page-subtitle">
        {campaign.title}
        <br />
        {tsch("school.period", { from: formatDate(campaign.opensAt), to: formatDate(campaign.closesAt) })}
      </p>

      <Section header={td("summary.district")} footer={td("summary.rules", { min: data.minRespondents, step: data.releaseStep })}>
        {areas.map((area) =>
          area.cell.hidden ? (
            <Cell key={area.areaId} multiline description={tsch("school.areaHidden")}>
              {area.title}
            </Cell>
          ) : (
            <Cell
              key={area.areaId}
              multiline
              before={<span className="level-dot" style={{ background: levelColor[area.cell.level] }} aria-hidden="true" />}
              after={<span className="figure">{formatBounded(area.cell.meanDeficit)}%</span>}
              subtitle={td("summary.levelLine", { level: t(levelLabel[area.cell.level]) })}
              description={tsch("school.pronouncedShare", { value: formatBounded(area.cell.pronouncedShare) })}
            >
              {area.title}
            </Cell>
          ),
        )}
      </Section>

      <Section header={td("summary.table")} footer={td("summary.tableFooter")}>
        <div style={{ overflowX: "auto", padding: "0 8px" }} data-testid="summary-table">
          <table style={tableStyle}>
            <thead>
              <tr>
                <th scope="col" style={headStyle}>
                  {td("summary.school")}
                </th>
                {areas.map((area) => (
                  <th key={area.areaId} scope="col" style={{ ...headStyle, minWidth: 90 }}>
                    {area.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {normal.map((school) => row(school.id, school.name, school.areas))}
              {smallSchools && small.length > 0 && row("small", td("summary.smallSchools", { n: small.length }), smallSchools.areas, true)}
            </tbody>
          </table>
        </div>
        {small.map((school) => (
          <Cell key={school.id} multiline description={td("summary.smallNote", { n: data.minRespondents })}>
            {school.name}
          </Cell>
        ))}
      </Section>

      <Section>
        {error && (
          <p className="page-subtitle" role="alert">
            {error.message}
          </p>
        )}
        <Button size="l" stretched loading={busy} disabled={busy} onClick={download} data-testid="summary-download">
          {busy ? td("summary.downloading") : td("summary.download")}
        </Button>
      </Section>
    </List>
  );
}
