import type { DeficitLevel } from "../api.ts";
import type { MessageKey } from "../messages/ru.ts";

/** Colours picked to read on both light and dark messenger backgrounds. */
export const levelColor: Record<DeficitLevel, string> = {
  pronounced: "#e5484d",
  moderate: "#f0a020",
  none: "#2fa66a",
};

export const levelLabel: Record<DeficitLevel, MessageKey> = {
  pronounced: "level.pronounced",
  moderate: "level.moderate",
  none: "level.none",
};
