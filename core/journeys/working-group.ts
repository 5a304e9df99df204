// SCAFFOLD (H6 replaces this file): the working-group journey of the network around the schools (#15).
import type { Journey } from "./types.ts";

export const workingGroupJourney: Journey = {
  name: "working-group",
  prefix: "wg:",
  commands: [],
  handle() {},
};
