import { Button, List, Section } from "@telegram-apps/telegram-ui";
import { ErrorView, Loading } from "../components/Status.tsx";
import { tb } from "../messages/ru-baseline.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { baselineApi, INDICATOR_KEYS, shareText, type IndicatorCell, type IndicatorRow } from "./BaselineApi.ts";
import { IndicatorTrends } from "./IndicatorTrends.tsx";

const tableStyle = { borderCollapse: "collapse", fontSize: 14, minWidth: 560, width: "100%" } as const;
const headStyle = { textAlign: "left", padding: "8px 6px", verticalAlign: "bottom", fontWeight: 600 } as const;
const cellStyle = { padding: "8px 6px", verticalAlign: "top", borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" } as const;

function CellView({ cell }: { cell: IndicatorCell }) {
  return cell.hidden ? <span className="page-note">{tb("indicators.hidden")}</span> : <strong>{shareText(cell.share)}</strong>;
}

/**
 * The indicators of #13 §9 (share of teachers diagnosed, with a route, with positive dynamics, with a
 * completed course), per school and for the district. District staff and the methodologist see every school;
 * a head sees their own (the server decides and applies the release rules). Below it, every seed
 * indicator the product has data for over the school years, with its method, source and executor (#14 §6).
 */
export function IndicatorsPage({ districtId, year, navigate }: { districtId: string; year?: number; navigate?: (route: Route) => void }) {
  const [state, reload] = useApi(`indicators:${districtId}:${year ?? ""}`, () => baselineApi.indicators(districtId, { year }));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const view = state.data;
  const rows: Array<{ key: string; name: string; row: IndicatorRow }> = [
    ...(view.district ? [{ key: "district", name: tb("indicators.district"), row: view.district }] : []),
    ...view.schools.map((school) => ({ key: school.id, name: school.name, row: school })),
  ];
  return (
    <List data-testid="indicators">
      <Section header={tb("indicators.title")} footer={tb("indicators.intro", { year1: view.year - 1, year2: view.year, min: view.minRespondents })}>
        <div style={{ overflowX: "auto", padding: "0 12px 12px" }}>
          <table style={tableStyle}>
            <thead>
              <tr>
                <th style={headStyle}>{tb("indicators.school")}</th>
                <th style={headStyle}>{tb("indicators.teachers")}</th>
                {INDICATOR_KEYS.map((key) => (
                  <th key={key} style={headStyle} title={view.titles[key]}>
                    {tb(`indicators.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ key, name, row }) => (
                <tr key={key} data-testid={`indicators-row-${key}`}>
                  <td style={cellStyle}>{key === "district" ? <strong>{name}</strong> : name}</td>
                  <td style={cellStyle}>{row.teachers}</td>
                  {INDICATOR_KEYS.map((indicator) => (
                    <td key={indicator} style={cellStyle}>
                      <CellView cell={row.cells[indicator]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {navigate && (
          <div style={{ display: "flex", gap: 8, padding: "0 12px 12px" }}>
            <Button size="s" mode="bezeled" onClick={() => navigate({ page: "indicators", districtId, year: view.year - 1 })}>
              {tb("indicators.previousYear")}
            </Button>
            {year !== undefined && (
              <Button size="s" mode="bezeled" onClick={() => navigate({ page: "indicators", districtId })}>
                {tb("indicators.currentYear")}
              </Button>
            )}
          </div>
        )}
      </Section>
      <IndicatorTrends districtId={districtId} />
    </List>
  );
}
