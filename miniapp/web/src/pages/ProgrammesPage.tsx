// SCAFFOLD (H5 replaces this file): the "programmes" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function ProgrammesPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
