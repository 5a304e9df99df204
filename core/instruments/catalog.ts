// The built-in instruments (#13), stored as version 1 of each key in every database (scope ""):
// a district may store its own versions over them.
import type { Instrument } from "./schema.ts";
import { teacherDiagnosticV1 } from "./teacher-diagnostic.ts";

export const BUILT_IN_INSTRUMENTS: readonly Instrument[] = [teacherDiagnosticV1];

export const builtInInstrument = (key: string): Instrument | undefined => BUILT_IN_INSTRUMENTS.find((instrument) => instrument.key === key);
