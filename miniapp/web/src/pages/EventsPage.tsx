// SCAFFOLD (H3 replaces this file): the "events" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function EventsPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
