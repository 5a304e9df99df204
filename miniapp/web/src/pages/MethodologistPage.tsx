import { List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { rt } from "../messages/ru-routes.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { routeApi } from "./RouteApi.ts";

/** The institute's methodologist: the district's deficits by area and target group, every cell released by the rules. */
export function MethodologistPage({ districtId }: { districtId: string }) {
  const [state, retry] = useApi(`methodologist-${districtId}`, () => routeApi.methodologist(districtId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  const data = state.data;
  return (
    <List data-testid="methodologist-page">
      <Title level="2" weight="2" className="page-title">
        {rt.methodologistTitle}
      </Title>
      {!data.campaign ? (
        <Placeholder description={rt.methodologistNone} />
      ) : (
        <>
          <p className="page-subtitle">{rt.methodologistCampaign(data.campaign.title)}</p>
          <p className="page-note">{rt.methodologistHint(data.minRespondents)}</p>
          {data.groups.map((group) => (
            <Section key={group.group} header={group.title}>
              <ul className="work-lines" data-testid={`group-${group.group}`}>
                {group.areas.map((area) => (
                  <li key={area.areaId}>
                    {area.title}: {area.cell.hidden ? rt.hidden : rt.cell(area.cell.meanDeficit, area.cell.pronouncedShare, area.cell.respondents)}
                  </li>
                ))}
              </ul>
            </Section>
          ))}
        </>
      )}
    </List>
  );
}
