// The management personnel reserve (#15), district only; prisma/reserve.ts implements it.
import type { ReserveFields } from "./reserve-rules.ts";

export interface ReserveCandidateRecord extends ReserveFields {
  id: string;
  districtId: string;
  schoolName: string | null;
  addedById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReserveRepository {
  /** The district's candidates (not removed), by name. */
  list(districtId: string): Promise<ReserveCandidateRecord[]>;
  /** One candidate (null when unknown or removed). */
  get(id: string): Promise<ReserveCandidateRecord | null>;
  create(districtId: string, addedById: string | null, fields: ReserveFields): Promise<ReserveCandidateRecord>;
  update(id: string, fields: ReserveFields): Promise<ReserveCandidateRecord>;
  /** Takes the candidate off the register: the row is deleted (their personal data does not stay). */
  remove(id: string): Promise<void>;
}
