// SCAFFOLD (H6 replaces this file): the "workingGroup" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function WorkingGroupPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
