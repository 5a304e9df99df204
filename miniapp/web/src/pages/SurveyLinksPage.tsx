import { useState } from "react";
import { Button, Cell, Input, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { ApiError } from "../api.ts";
import { save } from "../download.ts";
import { t } from "../messages/ru.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { linksApi, tl, type AnonymousOverview, type SchoolLinkView } from "./SurveyLinksApi.ts";

/**
 * A parents' or students' campaign (#13): per school the link and QR code of the anonymous survey,
 * and sheets of single-use class codes (shown once, in the downloaded file). The district's staff see
 * every school of the campaign, a head their own school. Counts of codes used, never who answered.
 */
export function SurveyLinksPage({ campaignId, navigate }: { campaignId?: string; navigate: (route: Route) => void }) {
  if (!campaignId) return <CampaignList navigate={navigate} />;
  return <CampaignLinks campaignId={campaignId} />;
}

const day = (iso: string) => new Date(iso).toLocaleDateString("ru-RU", { day: "numeric", month: "long" });

/** The parents' and students' campaigns the person issues links and codes for. */
function CampaignList({ navigate }: { navigate: (route: Route) => void }) {
  const [state, retry] = useApi("anonymous:campaigns", () => linksApi.campaigns());
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  const { campaigns } = state.data;
  return (
    <List data-testid="survey-links-list">
      <Title level="2" weight="2" className="page-title">
        {tl("listTitle")}
      </Title>
      {campaigns.length === 0 ? (
        <Placeholder description={tl("listEmpty")} />
      ) : (
        <Section footer={tl("howItWorks")}>
          {campaigns.map((campaign) => (
            <Cell
              key={campaign.id}
              Component="button"
              className="link-cell"
              multiline
              data-testid={`survey-links-campaign-${campaign.id}`}
              after={<span aria-hidden="true">›</span>}
              description={`${campaign.audience === "student" ? tl("students") : tl("parents")} · ${campaign.open ? tl("until")(day(campaign.closesAt)) : tl("from")(day(campaign.opensAt))}`}
              onClick={() => navigate({ page: "surveyLinks", campaignId: campaign.id })}
            >
              {campaign.title}
            </Cell>
          ))}
        </Section>
      )}
    </List>
  );
}

function CampaignLinks({ campaignId }: { campaignId: string }) {
  const [state, retry] = useApi(`anonymous:${campaignId}`, () => linksApi.overview(campaignId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return <LinksView campaignId={campaignId} data={state.data} reload={retry} />;
}

const asError = (failure: unknown) => (failure instanceof ApiError ? failure : new ApiError(t("error.unknown"), "http", null, null));

function LinksView({ campaignId, data, reload }: { campaignId: string; data: AnonymousOverview; reload: () => void }) {
  const { campaign } = data;
  return (
    <List data-testid="survey-links">
      <Title level="2" weight="2" className="page-title">
        {tl("title")}
      </Title>
      <Section header={campaign.title} footer={data.notAnonymous ?? tl("howItWorks")}>
        <Cell multiline subtitle={campaign.open ? tl("open") : tl("notOpen")}>
          {campaign.audience === "student" ? tl("students") : tl("parents")}
        </Cell>
        {!data.notAnonymous && (
          <Cell multiline data-testid="no-reminders">
            {tl("noReminders")}
          </Cell>
        )}
      </Section>
      {!data.notAnonymous && data.schools.length === 0 && <Placeholder description={tl("noSchools")} />}
      {!data.notAnonymous &&
        data.schools.map((school) => <SchoolBlock key={school.id} campaignId={campaignId} school={school} reload={reload} />)}
    </List>
  );
}

function LinkCells({ link }: { link: SchoolLinkView }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (value: string) => {
    navigator.clipboard?.writeText(value).then(
      () => setCopied(value),
      () => setCopied(null),
    );
  };
  const rows: Array<[string, string]> = [[tl("webLink"), link.webUrl]];
  if (link.telegram) rows.push([tl("telegram"), link.telegram]);
  if (link.max) rows.push([tl("max"), link.max]);
  return (
    <>
      {rows.map(([title, value]) => (
        <Cell
          key={value}
          multiline
          subtitle={<span style={{ wordBreak: "break-all" }}>{value}</span>}
          after={
            <Button size="s" mode="bezeled" onClick={() => copy(value)}>
              {copied === value ? tl("copied") : tl("copy")}
            </Button>
          }
        >
          {title}
        </Cell>
      ))}
    </>
  );
}

type Row = { label: string; count: string };

function SchoolBlock({ campaignId, school, reload }: { campaignId: string; school: AnonymousOverview["schools"][number]; reload: () => void }) {
  const [link, setLink] = useState<SchoolLinkView | null>(school.link);
  const [qr, setQr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [rows, setRows] = useState<Row[]>([{ label: "", count: "25" }]);

  const makeLink = () => {
    setBusy(true);
    setError(null);
    linksApi.createLink(campaignId, school.id).then(
      (result) => {
        setBusy(false);
        setLink(result.link);
        setQr(result.qrSvg);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asError(failure).message);
      },
    );
  };

  const downloadQr = () => {
    linksApi.qrPng(campaignId, school.id).then(save, (failure: unknown) => setError(asError(failure).message));
  };

  const issue = (format: "html" | "xlsx") => {
    const classes = rows.map((row) => ({ label: row.label.trim(), count: Number(row.count) }));
    if (classes.some((entry) => !entry.label || !Number.isInteger(entry.count) || entry.count < 1 || entry.count > 60)) {
      setError(tl("badRows"));
      return;
    }
    setBusy(true);
    setError(null);
    setNote(null);
    linksApi.issueCodes(campaignId, school.id, classes, format).then(
      (file) => {
        setBusy(false);
        save(file);
        setNote(tl("issuedNote"));
        setRows([{ label: "", count: "25" }]);
        reload();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asError(failure).message);
      },
    );
  };

  const update = (index: number, patch: Partial<Row>) => setRows((current) => current.map((row, at) => (at === index ? { ...row, ...patch } : row)));

  return (
    <Section header={school.name} data-testid={`links-school-${school.id}`}>
      {link ? (
        <>
          <LinkCells link={link} />
          {qr && (
            <div style={{ display: "flex", justifyContent: "center", padding: 12 }}>
              <img alt="QR" width={200} height={200} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}`} />
            </div>
          )}
          <Cell>
            <Button size="s" mode="bezeled" onClick={qr ? downloadQr : makeLink} disabled={busy}>
              {qr ? tl("qrDownload") : "QR-код"}
            </Button>
          </Cell>
        </>
      ) : (
        <Cell>
          <Button size="m" onClick={makeLink} loading={busy} disabled={busy} data-testid="make-link">
            {tl("makeLink")}
          </Button>
        </Cell>
      )}
      <Cell multiline subtitle={school.classes.map((entry) => tl("classLine")(entry.label, entry.used, entry.issued)).join(" · ") || undefined}>
        {tl("codes")(school.used, school.issued)}
      </Cell>
      <Cell multiline>{tl("issueTitle")}</Cell>
      {rows.map((row, index) => (
        <div key={index} style={{ display: "flex", gap: 8, alignItems: "flex-end", padding: "0 12px" }}>
          <Input header={tl("classLabel")} value={row.label} maxLength={20} onChange={(event) => update(index, { label: event.target.value })} placeholder="5А" />
          <Input header={tl("count")} value={row.count} inputMode="numeric" maxLength={2} onChange={(event) => update(index, { count: event.target.value.replace(/\D/g, "") })} />
          {rows.length > 1 && (
            <Button size="s" mode="plain" onClick={() => setRows((current) => current.filter((_, at) => at !== index))}>
              {tl("remove")}
            </Button>
          )}
        </div>
      ))}
      <Cell>
        <div style={{ display: "flex", flexWrap: "wrap", gap: 8 }}>
          <Button size="s" mode="plain" onClick={() => setRows((current) => [...current, { label: "", count: "25" }])} disabled={rows.length >= 40}>
            {tl("addClass")}
          </Button>
          <Button size="s" onClick={() => issue("html")} loading={busy} disabled={busy} data-testid="issue-html">
            {tl("sheetHtml")}
          </Button>
          <Button size="s" mode="bezeled" onClick={() => issue("xlsx")} disabled={busy}>
            {tl("sheetXlsx")}
          </Button>
        </div>
      </Cell>
      {busy && <Cell>{tl("issuing")}</Cell>}
      {note && (
        <Cell multiline data-testid="issued-note">
          {note}
        </Cell>
      )}
      {error && (
        <Cell multiline role="alert" style={{ color: "var(--tg-theme-destructive-text-color, #c00)" }}>
          {error}
        </Cell>
      )}
    </Section>
  );
}
