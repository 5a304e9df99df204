// #14 journey scaffold (prefix "bc:"), filled by its owner.
import type { Journey } from "./types.ts";

export const broadcastJourney: Journey = {
  name: "broadcast",
  commands: [],
  prefix: "bc:",
  handle() {},
};
