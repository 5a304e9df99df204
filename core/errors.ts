/**
 * A domain error: `code` selects the Russian text for people (core/messages/ru.ts),
 * `context` carries the details for logs and admins.
 */
export type DomainErrorCode =
  | "invite_not_found"
  | "invite_expired"
  | "invite_used_up"
  | "invite_revoked"
  | "invite_for_other"
  | "consent_required"
  | "not_a_member"
  | "forbidden"
  | "no_open_campaign"
  | "survey_finished"
  | "unknown_question"
  | "invalid_answer"
  | "not_found"
  | "invalid_input"
  /** The district has not entered the operator's details for the consent text (152-ФЗ). */
  | "operator_missing"
  /** The district ended this membership; only a new personal invite brings it back. */
  | "membership_ended";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly context: Record<string, unknown> = {},
  ) {
    super(`${code}${Object.keys(context).length ? " " + JSON.stringify(context) : ""}`);
    this.name = "DomainError";
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
