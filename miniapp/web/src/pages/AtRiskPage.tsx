// SCAFFOLD (H4 replaces this file): the "atRisk" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function AtRiskPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
