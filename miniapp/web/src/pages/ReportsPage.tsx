// Scaffold of #14, replaced by its owner before the issue closes.
import type { Route } from "../router.ts";

export function ReportsPage(_props: { navigate: (route: Route) => void } & Record<string, unknown>) {
  return null;
}
