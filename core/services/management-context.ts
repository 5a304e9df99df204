// What the #14 use cases need besides the foundation's repositories: one object the bots, the API,
// the CLI and the scheduler get from prisma/management.ts managementContext().
import type { BroadcastsRepository } from "./broadcasts-ports.ts";
import type { CalendarRepository } from "./calendar-ports.ts";
import type { DecisionsRepository } from "./decisions-ports.ts";
import type { FileStore } from "./file-store-ports.ts";
import type { RecipientsRepository } from "./recipients-ports.ts";
import type { RecommendationsRepository } from "./recommendations-ports.ts";
import type { ReportsRepository } from "./reports-ports.ts";
import type { RoadmapsRepository } from "./roadmaps-ports.ts";

export interface ManagementContext {
  recipients: RecipientsRepository;
  files: FileStore;
  recommendations: RecommendationsRepository;
  roadmaps: RoadmapsRepository;
  decisions: DecisionsRepository;
  calendar: CalendarRepository;
  broadcasts: BroadcastsRepository;
  reports: ReportsRepository;
}
