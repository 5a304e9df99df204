// The third right after consent and deletion (152-ФЗ ст. 14): the person downloads what the product
// holds about them, as a JSON file in chat.
import { DomainError } from "../errors.ts";
import type { Repository } from "./ports.ts";

export interface MyDataFile {
  filename: string;
  mimeType: string;
  content: Uint8Array;
}

/** Everything stored about the person, with dates in ISO 8601 (UTC). */
export async function myDataFile(deps: { repo: Repository; clock: { now(): Date } }, personId: string, filename: string): Promise<MyDataFile> {
  const data = await deps.repo.personExport(personId);
  if (!data) throw new DomainError("not_a_member", { personId });
  const text = JSON.stringify({ exportedAt: deps.clock.now(), ...data }, null, 2);
  return { filename, mimeType: "application/json", content: new TextEncoder().encode(text) };
}
