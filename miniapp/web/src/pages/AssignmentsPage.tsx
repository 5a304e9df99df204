// SCAFFOLD (H1a replaces this file): the "assignments" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function AssignmentsPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
