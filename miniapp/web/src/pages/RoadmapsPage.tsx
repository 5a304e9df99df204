/**
 * The district's roadmaps of the school year (#14): the district's own and each school's, with the
 * number of events, done and overdue; one not yet created is created from seed 002's template.
 * District staff see all; a head sees their school's.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError } from "../api.ts";
import type { Route } from "../router.ts";
import { rmt } from "../messages/ru-roadmap.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { roadmapApi } from "./RoadmapApi.ts";
import { OVERDUE_COLOUR } from "./RoadmapParts.tsx";

export function RoadmapsPage({ districtId, navigate }: { districtId?: string; navigate: (route: Route) => void } & Record<string, unknown>) {
  const [state, reload] = useApi(`roadmaps-${districtId}`, () => roadmapApi.list(districtId ?? ""));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const list = state.data;
  const create = async (schoolId: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await roadmapApi.create(districtId!, schoolId ?? undefined, list.schoolYear);
      reload();
    } catch (raised) {
      setError(asApiError(raised).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <List data-testid="roadmaps-page">
      <Title level="2" weight="2" className="page-title">
        {rmt.listTitle}
      </Title>
      <p className="page-subtitle">{rmt.listSubtitle(list.districtName, list.schoolYear)}</p>
      <Section footer={rmt.createHint}>
        {list.items.map((item) => {
          const title = item.schoolId ? item.name : rmt.districtRoadmap;
          const open = () => navigate({ page: "roadmap", districtId: districtId!, ...(item.schoolId ? { schoolId: item.schoolId } : {}), schoolYear: list.schoolYear });
          return item.roadmap ? (
            <Cell
              key={item.schoolId ?? "district"}
              onClick={open}
              subtitle={<span style={item.roadmap.counts.overdue ? { color: OVERDUE_COLOUR } : undefined}>{rmt.counts(item.roadmap.counts)}</span>}
              data-testid={`roadmap-${item.schoolId ?? "district"}`}
            >
              {title}
            </Cell>
          ) : (
            <Cell
              key={item.schoolId ?? "district"}
              subtitle={rmt.notCreated}
              after={
                item.canEdit === false ? undefined : (
                  <Button size="s" mode="bezeled" disabled={busy} onClick={() => void create(item.schoolId)}>
                    {rmt.create}
                  </Button>
                )
              }
            >
              {title}
            </Cell>
          );
        })}
      </Section>
      {error && <p className="work-error" role="alert">{error}</p>}
    </List>
  );
}
