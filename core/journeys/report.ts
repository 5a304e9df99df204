// /report (#14 §7): district staff get the list of their аналитические справки with a button per
// report that sends it as two documents, XLSX and PDF, and a button to create the current
// half-year's draft. The same use cases and access rules as the Mini App (core/services/reports.ts).
import { isDistrictStaff } from "../access/permissions.ts";
import { reportText } from "../messages/report.ts";
import { localDate, parsePeriod, periodTitle } from "../management/report.ts";
import { createReport, currentPeriodKey, isReportError, listReports, reportFile, type ReportsDeps } from "../services/reports.ts";
import type { MembershipDetail } from "../services/ports.ts";
import { ack, auditChange, send } from "./common.ts";
import type { Button, Journey, Turn } from "./types.ts";

export const REPORT_PREFIX = "ef:";
/** Reports listed in one message (newest first); the rest are in the Mini App. */
const LISTED = 6;

function reportsDeps(turn: Turn): ReportsDeps | null {
  const { repo, clock, settings, management, surveys } = turn.deps;
  return management ? { repo, clock, settings, reports: management.reports, roadmaps: management.roadmaps, indicators: surveys?.indicators } : null;
}

const districtsOf = (turn: Turn): MembershipDetail[] => {
  const seen = new Set<string>();
  return (turn.person?.memberships ?? []).filter((membership) => membership.active && isDistrictStaff(membership) && !seen.has(membership.districtId) && seen.add(membership.districtId));
};

async function sendList(turn: Turn, deps: ReportsDeps, membership: MembershipDetail) {
  const reports = await listReports(deps, turn.person!, membership.districtId);
  const current = currentPeriodKey(deps, "half_year", membership.districtTimezone);
  const currentTitle = periodTitle(parsePeriod(current, membership.districtTimezone)!);
  const lines = [reportText.botHeading(membership.districtName), ""];
  if (!reports.length) lines.push(reportText.botNone);
  const buttons: Button[][] = [];
  for (const report of reports.slice(0, LISTED)) {
    const approved = report.approvedAt ? reportText.botApprovedShort(localDate(report.approvedAt, membership.districtTimezone)) : null;
    lines.push(reportText.botLine(report.content.period.title, approved));
    buttons.push([{ kind: "action", text: reportText.botFiles(report.content.period.title), data: `${REPORT_PREFIX}f:${report.id}` }]);
  }
  if (!reports.some((report) => report.kind === "half_year" && report.period === current)) {
    buttons.push([{ kind: "action", text: reportText.botCreate(currentTitle), data: `${REPORT_PREFIX}n:${membership.districtId}` }]);
  }
  if (turn.channel.appAvailable) buttons.push([{ kind: "app", text: reportText.botOpenApp }]);
  send(turn, { text: lines.join("\n"), buttons });
}

/** Both files of one report, as documents. */
async function sendFiles(turn: Turn, deps: ReportsDeps, reportId: string) {
  const report = await deps.reports.getReport(reportId);
  if (!report) return send(turn, { text: reportText.errors.notFound });
  for (const format of ["xlsx", "pdf"] as const) {
    const file = await reportFile(deps, turn.person!, report.districtId, reportId, format);
    turn.effects.push({ kind: "document", filename: file.filename, mimeType: file.mimeType, content: file.content, caption: reportText.botCaption(format, file.period) });
  }
}

async function createCurrent(turn: Turn, deps: ReportsDeps, districtId: string) {
  const membership = districtsOf(turn).find((item) => item.districtId === districtId);
  const timezone = membership?.districtTimezone ?? turn.deps.timezone;
  const period = currentPeriodKey(deps, "half_year", timezone);
  const { report, created } = await createReport(deps, turn.person!, { districtId, period });
  if (created) auditChange(turn, "reports.change", `${REPORT_PREFIX}n`, districtId);
  const title = report.content.period.title;
  send(turn, {
    text: created ? reportText.botCreated(title) : reportText.botExists(title),
    buttons: [
      [{ kind: "action", text: reportText.botFiles(title), data: `${REPORT_PREFIX}f:${report.id}` }],
      ...(turn.channel.appAvailable ? [[{ kind: "app" as const, text: reportText.botOpenApp, start: `report-${districtId}-${report.id}` }]] : []),
    ],
  });
}

export const reportJourney: Journey = {
  name: "report",
  prefix: REPORT_PREFIX,
  commands: [{ name: "report", description: reportText.command, audience: ["district", "regional"], refusal: reportText.errors.forbidden }],
  help: { district: reportText.help, regional: reportText.help },
  menu: { district: [{ kind: "command", text: reportText.menu, command: "report" }], regional: [{ kind: "command", text: reportText.menu, command: "report" }] },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "action") ack(turn);
    const deps = reportsDeps(turn);
    if (!deps) return send(turn, { text: reportText.botUnavailable });
    try {
      if (incoming.kind === "command") {
        for (const membership of districtsOf(turn)) await sendList(turn, deps, membership);
      } else if (incoming.kind === "action" && incoming.data.startsWith(`${REPORT_PREFIX}f:`)) {
        await sendFiles(turn, deps, incoming.data.slice(`${REPORT_PREFIX}f:`.length));
      } else if (incoming.kind === "action" && incoming.data.startsWith(`${REPORT_PREFIX}n:`)) {
        await createCurrent(turn, deps, incoming.data.slice(`${REPORT_PREFIX}n:`.length));
      }
    } catch (error) {
      if (!isReportError(error)) throw error;
      send(turn, { text: error.message });
    }
  },
};
