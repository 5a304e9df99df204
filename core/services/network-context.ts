// What the #15 use cases need (the network around the schools): one object the bots, the API, the CLI
// and the scheduler get from prisma/network.ts networkContext().
import type { AssignmentsRepository } from "./assignments-ports.ts";
import type { VisitsRepository } from "./visits-ports.ts";
import type { SeminarsRepository } from "./seminars-ports.ts";
import type { LibraryRepository } from "./library-ports.ts";
import type { ProgrammesRepository } from "./programmes-ports.ts";
import type { MeetingsRepository } from "./meetings-ports.ts";
import type { AtRiskRepository } from "./at-risk-ports.ts";
import type { ReserveRepository } from "./reserve-ports.ts";
import type { FileStore } from "./file-store-ports.ts";
import type { RecipientsRepository } from "./recipients-ports.ts";

export interface NetworkContext {
  recipients: RecipientsRepository;
  files: FileStore;
  assignments: AssignmentsRepository;
  visits: VisitsRepository;
  seminars: SeminarsRepository;
  library: LibraryRepository;
  programmes: ProgrammesRepository;
  meetings: MeetingsRepository;
  atRisk: AtRiskRepository;
  reserve: ReserveRepository;
}
