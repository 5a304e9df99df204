import { Fragment, useState } from "react";
import { Cell, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { Radar } from "../components/charts/Radar.tsx";
import { ErrorView, Loading } from "../components/Status.tsx";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { FACTOR_ORDER, FACTOR_SHORT, RISK_COLORS, riskApi, rt, type FactorView, type RiskProfileView } from "./RiskProfileApi.ts";

const tableStyle = { borderCollapse: "collapse", fontSize: 14, minWidth: 560, width: "100%" } as const;
const headStyle = { textAlign: "left", padding: "8px 6px", verticalAlign: "bottom", fontWeight: 600 } as const;
const cellStyle = { padding: "8px 6px", verticalAlign: "top", borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" } as const;

/**
 * A school's risk profile of a year (#13 §6): the summary, the radar of the ten factors against the district's
 * average, the seed's table (factor, parameter, result, risk fixed) with each parameter's threshold and each
 * factor's rule and explanation, and the history across years. The head of the school and the district's staff
 * open it (start parameter risk-<schoolId>); the server refuses anyone else.
 */
export function RiskProfilePage({ schoolId, year, navigate }: { schoolId: string; year?: number; navigate?: (route: Route) => void }) {
  const [state, reload] = useApi(`risk:${schoolId}:${year ?? "current"}`, () => riskApi.school(schoolId, year));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const openYear = navigate ? (other: number) => navigate({ page: "riskProfile", schoolId, year: other }) : undefined;
  return <ProfileView view={state.data} openYear={openYear} />;
}

export function ProfileView({ view, openYear }: { view: RiskProfileView; openYear?: (year: number) => void }) {
  const { profile } = view;
  const otherYears = [...new Set([view.currentYear, ...view.years])].filter((entry) => entry !== view.year).sort((a, b) => b - a);
  return (
    <List data-testid="risk-profile">
      <Title level="2" weight="2" className="page-title" data-testid="risk-school-name">
        {view.school.name}
      </Title>
      <p className="page-subtitle">
        {rt.title} · {rt.year(view.yearLabel)}
      </p>
      {!profile && <Placeholder data-testid="risk-no-profile" description={rt.noProfile(view.yearLabel)} />}
      {profile && (
        <>
          <Section footer={`${rt.respondents(profile.respondents)} ${rt.minimum(profile.minRespondents)}`}>
            <Cell multiline data-testid="risk-summary" description={rt.computed(profile.computedAt, profile.settingsVersion)}>
              {rt.summary(profile.fixed, profile.factors.length, profile.noData)}
            </Cell>
          </Section>
          <Section header={rt.radar} footer={rt.radarHint(profile.districtSchools)}>
            <div className="chart chart-radar" data-testid="risk-radar">
              <Radar
                title={rt.radar}
                axes={FACTOR_ORDER.map((id) => FACTOR_SHORT[id])}
                max={1}
                format={rt.percent}
                series={[
                  { id: "school", name: rt.school, color: "var(--tgui--link_color)", values: FACTOR_ORDER.map((id) => profile.factors.find((f) => f.id === id)?.score ?? 0) },
                  { id: "district", name: rt.districtAverage, color: "#f29900", values: FACTOR_ORDER.map((id) => profile.factors.find((f) => f.id === id)?.districtScore ?? 0) },
                ]}
              />
              <p className="page-subtitle" style={{ display: "flex", gap: 16, flexWrap: "wrap" }}>
                <span>
                  <span className="level-dot" style={{ background: "var(--tgui--link_color)" }} aria-hidden="true" /> {rt.school}
                </span>
                <span>
                  <span className="level-dot" style={{ background: "#f29900" }} aria-hidden="true" /> {rt.districtAverage}
                </span>
              </p>
            </div>
          </Section>
          <RiskTable factors={profile.factors} />
          {profile.factors.map((factor) => (
            <FactorSection key={factor.id} factor={factor} />
          ))}
        </>
      )}
      {view.history.length > 0 && (
        <Section header={rt.history} data-testid="risk-history">
          {view.history.map((row) => {
            const link = openYear && row.year !== view.year;
            return (
              <Cell
                key={row.year}
                Component={link ? "button" : "div"}
                className={link ? "link-cell" : undefined}
                onClick={link ? () => openYear(row.year) : undefined}
                after={link ? <span aria-hidden="true">›</span> : undefined}
                data-testid={`risk-history-${row.year}`}
                multiline
                description={rt.historyRow(row.fixed, row.noData, row.settingsVersion)}
              >
                {row.yearLabel}
              </Cell>
            );
          })}
        </Section>
      )}
      {openYear && otherYears.some((entry) => !view.history.some((row) => row.year === entry)) && (
        <Section header={rt.otherYears}>
          {otherYears
            .filter((entry) => !view.history.some((row) => row.year === entry))
            .map((entry) => (
              <Cell key={entry} Component="button" className="link-cell" onClick={() => openYear(entry)} after={<span aria-hidden="true">›</span>}>
                {`${entry - 1}/${String(entry % 100).padStart(2, "0")}`}
              </Cell>
            ))}
        </Section>
      )}
      {view.chatText && (
        <Section header={rt.chat}>
          <pre className="page-subtitle" style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }} data-testid="risk-chat-text">
            {view.chatText}
          </pre>
        </Section>
      )}
    </List>
  );
}

/** The seed's table: the factor's cells only on its first row, as the seed lays it out; plus the threshold and the district's value. */
function RiskTable({ factors }: { factors: FactorView[] }) {
  return (
    <Section header={rt.table} footer={rt.tableHint}>
      <div style={{ overflowX: "auto", padding: "0 8px" }} data-testid="risk-table">
        <table style={tableStyle}>
          <thead>
            <tr>
              <th scope="col" style={headStyle}>
                {rt.colFactor}
              </th>
              <th scope="col" style={headStyle}>
                {rt.colParameter}
              </th>
              <th scope="col" style={headStyle}>
                {rt.colResult}
              </th>
              <th scope="col" style={headStyle}>
                {rt.colThreshold}
              </th>
              <th scope="col" style={headStyle}>
                {rt.colDistrict}
              </th>
              <th scope="col" style={headStyle}>
                {rt.colFixed}
              </th>
            </tr>
          </thead>
          <tbody>
            {factors.map((factor) => (
              <Fragment key={factor.id}>
                {factor.parameters.map((parameter, index) => (
                  <tr key={parameter.key} data-testid={`risk-row-${parameter.number}`} data-crossed={parameter.crossed === null ? "none" : String(parameter.crossed)}>
                    {index === 0 && (
                      <th scope="rowgroup" rowSpan={factor.parameters.length} style={{ ...cellStyle, fontWeight: 600, minWidth: 120 }}>
                        {factor.number}. {factor.name}
                      </th>
                    )}
                    <td style={{ ...cellStyle, minWidth: 140 }}>
                      {parameter.number} {parameter.name}
                    </td>
                    <td style={{ ...cellStyle, fontWeight: parameter.crossed ? 600 : undefined, color: parameter.crossed ? RISK_COLORS.fixed : undefined }}>
                      {parameter.result}
                    </td>
                    <td style={cellStyle}>{parameter.threshold}</td>
                    <td style={cellStyle}>{parameter.districtValue ?? "—"}</td>
                    {index === 0 && (
                      <td rowSpan={factor.parameters.length} style={{ ...cellStyle, fontWeight: 600, color: RISK_COLORS[factor.risk] }} data-testid={`risk-fixed-${factor.id}`}>
                        {factor.fixedCell}
                      </td>
                    )}
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

/** A factor's rule in words and why its risk is what it is, with each parameter's measure: opened on demand. */
function FactorSection({ factor }: { factor: FactorView }) {
  const [open, setOpen] = useState(false);
  return (
    <Section data-testid={`risk-factor-${factor.id}`}>
      <Cell
        Component="button"
        className="link-cell"
        multiline
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        before={<span className="level-dot" style={{ background: RISK_COLORS[factor.risk] }} aria-hidden="true" />}
        after={<span aria-hidden="true">{open ? "▾" : "›"}</span>}
        description={factor.riskName}
      >
        {factor.number}. {factor.name}
      </Cell>
      {open && (
        <div className="work-actions">
          <p style={{ margin: 0 }} data-testid={`risk-rule-${factor.id}`}>
            <b>{rt.rule}:</b> {factor.rule}.
          </p>
          <p style={{ margin: 0 }} data-testid={`risk-why-${factor.id}`}>
            <b>{rt.why}:</b> {factor.explanation}
          </p>
          {factor.parameters.map((parameter) => (
            <p key={parameter.key} style={{ margin: 0, fontSize: 14 }}>
              {parameter.number} {parameter.name}: {parameter.measure} ({parameter.source}; {parameter.kind}, {parameter.direction}).
            </p>
          ))}
        </div>
      )}
    </Section>
  );
}
