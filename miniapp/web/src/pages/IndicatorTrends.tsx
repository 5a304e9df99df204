import { Section } from "@telegram-apps/telegram-ui";
import { ErrorView, Loading } from "../components/Status.tsx";
import { ti } from "../messages/ru-indicators.ts";
import { useApi } from "../useApi.ts";
import { indicatorTrendsApi, type IndicatorTrendsView, type TrendCell, type TrendRow } from "./IndicatorTrendsApi.ts";

const LIST = { shnor: "ШНОР", shnsu: "ШНСУ" } as const;
const tableStyle = { borderCollapse: "collapse", fontSize: 13, width: "100%" } as const;
const headStyle = { textAlign: "left", padding: "6px 4px", fontWeight: 600, verticalAlign: "bottom" } as const;
const cellStyle = { padding: "6px 4px", verticalAlign: "top", borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" } as const;

/** One cell as the page shows it (the same wording as the report's exports). */
export function trendCellText(cell: TrendCell): string {
  switch (cell.kind) {
    case "none":
      return ti("trends.noData");
    case "hidden":
      return ti("trends.hidden");
    case "share": {
      const sign = cell.share.bound === "le" ? "≤ " : cell.share.bound === "ge" ? "≥ " : "";
      const share = `${sign}${cell.share.value} %`;
      return cell.count !== undefined && cell.total !== undefined ? `${share} (${cell.count} из ${cell.total})` : share;
    }
    case "flag":
      return cell.value ? ti("trends.yes") : ti("trends.no");
    case "dynamics":
      return `${cell.value > 0 ? "+" : cell.value < 0 ? "−" : ""}${Math.abs(cell.value).toFixed(2).replace(".", ",")}`;
    case "change":
      return cell.entered.length || cell.left.length
        ? [...cell.entered.map((list) => ti("trends.entered", { list: LIST[list] })), ...cell.left.map((list) => ti("trends.left", { list: LIST[list] }))].join(", ")
        : ti("trends.unchanged");
  }
}

/** A small line of the shares over the years (our own SVG, no chart library); gaps where there is no share. */
function Sparkline({ cells }: { cells: TrendCell[] }) {
  const points = cells.map((cell, index) => (cell.kind === "share" ? { index, value: cell.share.value } : null));
  if (points.filter(Boolean).length < 2) return null;
  const width = 120;
  const height = 32;
  const x = (index: number) => (cells.length === 1 ? width / 2 : 4 + (index * (width - 8)) / (cells.length - 1));
  const y = (value: number) => height - 4 - (value / 100) * (height - 8);
  const segments: string[] = [];
  let path = "";
  for (const point of points) {
    if (!point) {
      if (path) segments.push(path);
      path = "";
      continue;
    }
    path += `${path ? "L" : "M"}${x(point.index).toFixed(1)},${y(point.value).toFixed(1)}`;
  }
  if (path) segments.push(path);
  const label = ti("trends.chart", { values: cells.map(trendCellText).join(" → ") });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <line x1={0} x2={width} y1={height - 4} y2={height - 4} stroke="currentColor" strokeOpacity={0.2} />
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke="var(--tg-theme-button-color, #2481cc)" strokeWidth={2} />
      ))}
      {points.map((point) => point && <circle key={point.index} cx={x(point.index)} cy={y(point.value)} r={2.5} fill="var(--tg-theme-button-color, #2481cc)" />)}
    </svg>
  );
}

function YearsTable({ view, rows, indicator }: { view: IndicatorTrendsView; rows: TrendRow[]; indicator: string }) {
  return (
    <div style={{ overflowX: "auto" }}>
      <table style={tableStyle}>
        <thead>
          <tr>
            <th style={headStyle}>{ti("trends.school")}</th>
            {view.yearLabels.map((label) => (
              <th key={label} style={headStyle}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`trend-${indicator}-${row.id}`}>
              <td style={cellStyle}>{row.id === "district" ? <strong>{row.name}</strong> : row.name}</td>
              {(row.cells[indicator] ?? []).map((cell, index) => (
                <td key={view.years[index]} style={{ ...cellStyle, whiteSpace: cell.kind === "change" ? "normal" : "nowrap" }}>
                  {trendCellText(cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The seed indicators year by year (#14 §6): the district's values with a sparkline, the method,
 * source and executor of each (seed 000), and the schools in a fold. A head sees their school only.
 */
export function IndicatorTrends({ districtId }: { districtId: string }) {
  const [state, reload] = useApi(`indicator-trends:${districtId}`, () => indicatorTrendsApi.trends(districtId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") {
    if (state.error.status === 404) return <Section header={ti("trends.title")} footer={ti("trends.unavailable")} />;
    return <ErrorView error={state.error} onRetry={reload} />;
  }
  const view = state.data;
  const main = view.district ? [view.district] : view.schools;
  return (
    <Section header={ti("trends.title")} footer={ti("trends.intro", { min: view.minRespondents })} data-testid="indicator-trends">
      {view.indicators.map((indicator) => (
        <div key={indicator.key} style={{ padding: "10px 12px", borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" }} data-testid={`trend-${indicator.key}`}>
          <div style={{ fontWeight: 600, marginBottom: 4 }}>{indicator.title}</div>
          {main[0] && <Sparkline cells={main[0].cells[indicator.key] ?? []} />}
          <YearsTable view={view} rows={main} indicator={indicator.key} />
          {view.district && view.schools.length > 0 && (
            <details style={{ marginTop: 6 }}>
              <summary>{ti("trends.bySchool")}</summary>
              <YearsTable view={view} rows={view.schools} indicator={indicator.key} />
            </details>
          )}
          <details style={{ marginTop: 6 }}>
            <summary>{ti("trends.about")}</summary>
            <p className="page-note" style={{ margin: "4px 0" }}>
              <strong>{ti("trends.method")}:</strong> {indicator.method}
            </p>
            <p className="page-note" style={{ margin: "4px 0" }}>
              <strong>{ti("trends.source")}:</strong> {indicator.source}
            </p>
            <p className="page-note" style={{ margin: "4px 0" }}>
              <strong>{ti("trends.executor")}:</strong> {indicator.executor}
            </p>
          </details>
        </div>
      ))}
    </Section>
  );
}
