// SCAFFOLD (H3 replaces this file): the "seminars" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function SeminarsPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
