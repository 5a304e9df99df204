// SCAFFOLD (H4 replaces this file): the "reserve" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function ReservePage(_props: NetworkPageProps) {
  return <p>…</p>;
}
