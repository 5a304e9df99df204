// #14 journey scaffold (prefix "er:"), filled by its owner.
import type { Journey } from "./types.ts";

export const reportJourney: Journey = {
  name: "report",
  commands: [],
  prefix: "er:",
  handle() {},
};
