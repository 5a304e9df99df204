// SCAFFOLD (H5 replaces this file): the programmes journey of the network around the schools (#15).
import type { Journey } from "./types.ts";

export const programmesJourney: Journey = {
  name: "programmes",
  prefix: "pg:",
  commands: [],
  handle() {},
};
