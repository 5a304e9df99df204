import { Cell, Section } from "@telegram-apps/telegram-ui";
import type { Me } from "../api.ts";
import { tb } from "../messages/ru-baseline.ts";
import type { Route } from "../router.ts";

/**
 * The home page's entries of #13 §8, §9: district staff get the baseline import and the indicators of their
 * district, the methodologist the indicators, a head the indicators of their school.
 */
export function BaselineLinks({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  // District staff and a regional operator (#15) import baselines; the working group reads the indicators.
  const staff = [...new Set(me.roles.filter((grant) => grant.role === "district" || grant.role === "regional").map((grant) => grant.districtId))];
  const readers = [
    ...new Set(
      me.roles
        .filter((grant) => grant.role === "head" || grant.role === "methodologist" || grant.role === "working_group")
        .map((grant) => grant.districtId),
    ),
  ].filter((districtId) => !staff.includes(districtId));
  if (!staff.length && !readers.length) return null;
  return (
    <Section>
      {staff.map((districtId) => (
        <Cell
          key={`baseline-${districtId}`}
          Component="button"
          className="link-cell"
          data-testid={`baseline-link-${districtId}`}
          after={<span aria-hidden="true">›</span>}
          onClick={() => navigate({ page: "baseline", districtId })}
        >
          {tb("baseline.title")}
        </Cell>
      ))}
      {[...staff, ...readers].map((districtId) => (
        <Cell
          key={`indicators-${districtId}`}
          Component="button"
          className="link-cell"
          data-testid={`indicators-link-${districtId}`}
          after={<span aria-hidden="true">›</span>}
          onClick={() => navigate({ page: "indicators", districtId })}
        >
          {tb("indicators.title")}
        </Cell>
      ))}
    </Section>
  );
}
