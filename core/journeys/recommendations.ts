// #14 journey scaffold (prefix "rc:"), filled by its owner.
import type { Journey } from "./types.ts";

export const recommendationsJourney: Journey = {
  name: "recommendations",
  commands: [],
  prefix: "rc:",
  handle() {},
};
