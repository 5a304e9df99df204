// The home page's entries of #13 (risk profile, survey links, routes, baselines and indicators), in a
// chunk of their own: the first screen stays within its download budget (bench/bundle.ts).
import type { Me } from "../api.ts";
import type { Route } from "../router.ts";
import { BaselineLinks } from "./BaselineLinks.tsx";
import { ManagementLinks } from "./ManagementLinks.tsx";
import { NetworkLinks } from "./NetworkLinks.tsx";
import { RiskProfileLinks } from "./RiskProfileLinks.tsx";
import { RouteLinks } from "./RouteLinks.tsx";
import { SurveyLinksEntry } from "./SurveyLinksEntry.tsx";

export default function HomeMoreLinks({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  return (
    <>
      <RiskProfileLinks me={me} navigate={navigate} />
      <SurveyLinksEntry me={me} navigate={navigate} />
      <RouteLinks me={me} navigate={navigate} />
      <BaselineLinks me={me} navigate={navigate} />
      <ManagementLinks me={me} navigate={navigate} />
      <NetworkLinks me={me} navigate={navigate} />
    </>
  );
}
