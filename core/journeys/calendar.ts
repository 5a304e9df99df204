// #14 journey scaffold (prefix "cl:"), filled by its owner.
import type { Journey } from "./types.ts";

export const calendarJourney: Journey = {
  name: "calendar",
  commands: [],
  prefix: "cl:",
  handle() {},
};
