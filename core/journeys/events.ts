// SCAFFOLD (H3 replaces this file): the events journey of the network around the schools (#15).
import type { Journey } from "./types.ts";

export const eventsJourney: Journey = {
  name: "events",
  prefix: "ev:",
  commands: [],
  handle() {},
};
