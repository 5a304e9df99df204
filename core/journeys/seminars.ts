// SCAFFOLD (H3 replaces this file): the seminars journey of the network around the schools (#15).
import type { Journey } from "./types.ts";

export const seminarsJourney: Journey = {
  name: "seminars",
  prefix: "sm:",
  commands: [],
  handle() {},
};
