import type { ListKind, SchoolIdentification } from "./types.ts";

export interface ListChange {
  schoolCode: string;
  schoolName: string;
  list: ListKind;
}

export interface ListChanges {
  entered: ListChange[];
  left: ListChange[];
}

const KINDS: ListKind[] = ["shnor", "shnsu"];

/**
 * Schools that entered or left each list between two runs, ШНОР first, then by code. Without a previous run
 * (null) every listed school has entered. A school absent from the current run has left the lists it was on.
 */
export function listChanges(previous: SchoolIdentification[] | null, current: SchoolIdentification[]): ListChanges {
  const before = new Map<string, SchoolIdentification>();
  for (const school of previous ?? []) before.set(school.schoolCode, school);
  const after = new Map<string, SchoolIdentification>();
  for (const school of current) after.set(school.schoolCode, school);
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: ListChanges = { entered: [], left: [] };
  for (const list of KINDS)
    for (const code of codes) {
      const was = before.get(code)?.[list] === true;
      const now = after.get(code)?.[list] === true;
      const schoolName = (after.get(code) ?? before.get(code))!.schoolName;
      if (now && !was) out.entered.push({ schoolCode: code, schoolName, list });
      if (was && !now) out.left.push({ schoolCode: code, schoolName, list });
    }
  return out;
}
