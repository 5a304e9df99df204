// SCAFFOLD (H1 replaces this file): the network journey of the network around the schools (#15).
import type { Journey } from "./types.ts";

export const networkJourney: Journey = {
  name: "network",
  prefix: "nw:",
  commands: [],
  handle() {},
};
