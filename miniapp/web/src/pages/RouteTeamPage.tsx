import { useState } from "react";
import { Button, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError } from "../api.ts";
import { formatDate } from "../messages/ru.ts";
import { rt } from "../messages/ru-routes.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { routeApi } from "./RouteApi.ts";
import { RouteItems } from "./RoutePage.tsx";

/** A head: the management team's route of the year (seed 002: drawn up in June, approved by district order). */
export function RouteTeamPage({ schoolId }: { schoolId: string }) {
  const [state, retry] = useApi(`team-route-${schoolId}`, () => routeApi.teamRoute(schoolId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  const route = state.data.route;
  const draft = async () => {
    setBusy(true);
    setError(null);
    try {
      await routeApi.draftTeamRoute(schoolId);
      setVersion((n) => n + 1);
      retry();
    } catch (raised) {
      setError(asApiError(raised).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <List data-testid="team-route-page">
      <Title level="2" weight="2" className="page-title">
        {rt.teamTitle}
      </Title>
      <p className="page-subtitle">{rt.teamHint}</p>
      <Section footer={route ? (route.approvedAt ? rt.approved(route.approvalRef ?? "", formatDate(route.approvedAt)) : rt.notApproved) : rt.teamNone}>
        <div className="work-actions">
          <Button size="m" disabled={busy} onClick={draft} data-testid="team-draft">
            {route ? rt.teamRedraft : rt.teamDraft}
          </Button>
          {error && <p className="work-error" role="alert">{error}</p>}
        </div>
      </Section>
      {route && <RouteItems key={`${route.id}:${version}:${route.updatedAt}`} initial={route} editable />}
    </List>
  );
}
