// SCAFFOLD (H4 replaces this file): the library journey of the network around the schools (#15).
import type { Journey } from "./types.ts";

export const libraryJourney: Journey = {
  name: "library",
  prefix: "lb:",
  commands: [],
  handle() {},
};
