// SCAFFOLD (H2 replaces this file): the visits journey of the network around the schools (#15).
import type { Journey } from "./types.ts";

export const visitsJourney: Journey = {
  name: "visits",
  prefix: "vs:",
  commands: [],
  handle() {},
};
