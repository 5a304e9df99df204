// Who a management notice goes to (#14): recommendations' addressees, roadmap executors, the people
// responsible for a calendar entry, a broadcast's audience. One reachable account per person, so a
// person with both messengers gets a message once.
import type { Role } from "../roles.ts";
import type { Channel } from "./ports.ts";

export interface Recipient {
  personId: string;
  displayName: string | null;
  /** The roles of the person that matched the filter (a head of two schools: once, both schools listed). */
  roles: Role[];
  schoolIds: string[];
  /** The last-seen account with a chat that has not blocked the bot; null: unreachable in chat. */
  account: { channel: Channel; chatId: string } | null;
  /** Gave consent (no notice goes to someone who has not). */
  consented: boolean;
}

export interface RecipientFilter {
  /** Active memberships with one of these roles (absent: any role). */
  roles?: readonly Role[];
  /** Only memberships of these schools (absent or null: any school, and district-wide roles). */
  schoolIds?: readonly string[] | null;
  /** Only these people. */
  personIds?: readonly string[];
}

export interface RecipientsRepository {
  /** Active members of the district matching the filter, one entry per person, sorted by name. */
  recipients(districtId: string, filter: RecipientFilter): Promise<Recipient[]>;
}
