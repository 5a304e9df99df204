// SCAFFOLD (H1a replaces this file): the "myNetwork" section of the network around the schools (#15).
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function MyNetworkPage(_props: NetworkPageProps) {
  return <p>…</p>;
}
