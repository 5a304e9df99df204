// SCAFFOLD (H4 replaces this file): the "library" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function LibraryPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
