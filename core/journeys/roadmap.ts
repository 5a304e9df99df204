// #14 journey scaffold (prefix "rm:"), filled by its owner.
import type { Journey } from "./types.ts";

export const roadmapJourney: Journey = {
  name: "roadmap",
  commands: [],
  prefix: "rm:",
  handle() {},
};
