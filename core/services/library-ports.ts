// The library of materials and normative acts (#15); prisma/library.ts implements it.
import type { LibraryFields, LibraryKind } from "./library-rules.ts";

export interface LibraryFile {
  key: string;
  name: string;
  mimeType: string;
}

export interface LibraryItemRecord extends LibraryFields {
  id: string;
  districtId: string;
  kind: LibraryKind;
  fileKey: string | null;
  fileName: string | null;
  fileMime: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

/** What a recommendation or a route item shows of the library item it points at. */
export interface LibraryLink {
  id: string;
  districtId: string;
  kind: LibraryKind;
  title: string;
  url: string | null;
  hasFile: boolean;
  archived: boolean;
}

/** The route a route item belongs to: who may link a library item to it. */
export interface RouteItemScope {
  itemId: string;
  routeId: string;
  districtId: string;
  kind: "teacher" | "team";
  personId: string | null;
  schoolId: string | null;
  approvedAt: Date | null;
}

export interface LibraryRepository {
  /** The districts' items, newest first (by creation); archived ones only when asked. */
  list(districtIds: readonly string[], options: { archived: boolean }): Promise<LibraryItemRecord[]>;
  get(id: string): Promise<LibraryItemRecord | null>;
  create(districtId: string, createdById: string | null, fields: LibraryFields): Promise<LibraryItemRecord>;
  update(id: string, fields: LibraryFields): Promise<LibraryItemRecord>;
  /** Sets (or with null removes) the item's file; returns the key of the file it had before. */
  setFile(id: string, file: LibraryFile | null): Promise<string | null>;
  setArchived(id: string, at: Date | null): Promise<LibraryItemRecord>;
  /** The items behind these ids (any district, archived too), for links. */
  links(ids: readonly string[]): Promise<LibraryLink[]>;
  routeItemScope(itemId: string): Promise<RouteItemScope | null>;
  setRouteItemLink(itemId: string, libraryItemId: string | null): Promise<void>;
}
