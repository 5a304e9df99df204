// SCAFFOLD (H2 replaces this file): the "visits" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function VisitsPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
