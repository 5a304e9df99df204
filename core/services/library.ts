// The library of materials and normative acts (#15; seed 003 §4.6.1, DOMAIN §12): district staff and the
// institute's methodologists add, edit and archive the district's orders, regulations, programmes,
// methodical recommendations and thematic selections, each with a link or a file and tags by deficit
// area and risk factor; every member of the district reads and searches them (the Mini App, /library).
// A recommendation or a route item may point at an item (links() gives what they show).
import { canManageDistrict } from "../access/permissions.ts";
import { libraryText as t } from "../messages/library.ts";
import { AdminError } from "./admin.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type FileStore } from "./file-store-ports.ts";
import type { LibraryItemRecord, LibraryLink, LibraryRepository } from "./library-ports.ts";
import { filterLibrary, type LibraryFields, type LibraryFilter } from "./library-rules.ts";
import type { Clock, PersonView } from "./ports.ts";

export interface LibraryContext {
  library: LibraryRepository;
  files: FileStore;
  clock: Clock;
}

const activeIn = (person: PersonView, districtId: string) => person.memberships.filter((membership) => membership.active && membership.districtId === districtId);

/** Every member of the district reads its library. */
export const canReadLibrary = (person: PersonView, districtId: string) => activeIn(person, districtId).length > 0;

/** District staff (a regional operator too) and the institute's methodologists keep it. */
export const canManageLibrary = (person: PersonView, districtId: string) =>
  canManageDistrict(person.memberships, districtId) || activeIn(person, districtId).some((membership) => membership.role === "methodologist");

/** Districts whose library the person reads. */
export const libraryDistricts = (person: PersonView) => [...new Set(person.memberships.filter((membership) => membership.active).map((membership) => membership.districtId))];

const refuse = () => new AdminError("forbidden", t.onlyStaff);
const missing = () => new AdminError("not_found", t.notFound);

/** The district's items with the list's filters; archived ones only for those who keep the library. */
export async function listLibrary(ctx: LibraryContext, person: PersonView, districtId: string, filter: LibraryFilter = {}) {
  if (!canReadLibrary(person, districtId)) throw new AdminError("forbidden", t.notMember);
  const canEdit = canManageLibrary(person, districtId);
  const archived = canEdit && filter.archived === "1";
  const all = await ctx.library.list([districtId], { archived });
  const items = filterLibrary(archived ? all.filter((item) => item.archivedAt !== null) : all, filter);
  return { items, canEdit };
}

/** The newest items of every district of the person (the bot's «what's new»), newest first. */
export async function latestLibrary(ctx: LibraryContext, person: PersonView): Promise<LibraryItemRecord[]> {
  return ctx.library.list(libraryDistricts(person), { archived: false });
}

/** Items of every district of the person matching the words, best first. */
export async function searchMyLibrary(ctx: LibraryContext, person: PersonView, query: string): Promise<LibraryItemRecord[]> {
  return filterLibrary(await latestLibrary(ctx, person), { q: query });
}

/** One item: members of its district; an archived one only for those who keep the library. */
export async function getLibraryItem(ctx: LibraryContext, person: PersonView, id: string): Promise<{ item: LibraryItemRecord; canEdit: boolean }> {
  const item = await ctx.library.get(id);
  if (!item || !canReadLibrary(person, item.districtId)) throw missing();
  const canEdit = canManageLibrary(person, item.districtId);
  if (item.archivedAt && !canEdit) throw new AdminError("not_found", t.archived);
  return { item, canEdit };
}

async function editable(ctx: LibraryContext, person: PersonView, id: string): Promise<LibraryItemRecord> {
  const item = await ctx.library.get(id);
  if (!item || !canReadLibrary(person, item.districtId)) throw missing();
  if (!canManageLibrary(person, item.districtId)) throw refuse();
  return item;
}

export async function createLibraryItem(ctx: LibraryContext, person: PersonView, districtId: string, fields: LibraryFields): Promise<LibraryItemRecord> {
  if (!canManageLibrary(person, districtId)) throw refuse();
  return ctx.library.create(districtId, person.id, fields);
}

export async function updateLibraryItem(ctx: LibraryContext, person: PersonView, id: string, fields: LibraryFields): Promise<LibraryItemRecord> {
  await editable(ctx, person, id);
  return ctx.library.update(id, fields);
}

/** Archives (hidden from readers, links keep showing its title) or brings back. */
export async function archiveLibraryItem(ctx: LibraryContext, person: PersonView, id: string, archived: boolean): Promise<LibraryItemRecord> {
  const item = await editable(ctx, person, id);
  if ((item.archivedAt !== null) === archived) return item;
  return ctx.library.setArchived(id, archived ? ctx.clock.now() : null);
}

/** The MIME type of an accepted file by its name's extension (the evidence and broadcast list), or null. */
export function libraryFileType(fileName: string): string | null {
  const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
  return fileName.includes(".") ? (ATTACHMENT_TYPES[extension] ?? null) : null;
}

export type LibraryFileInput = { fileName: string; size: number | null; read: () => Promise<Uint8Array> };

/** Attaches a file (replacing the one it had): type by extension, size before and after reading. */
export async function attachLibraryFile(ctx: LibraryContext, person: PersonView, id: string, input: LibraryFileInput): Promise<LibraryItemRecord> {
  await editable(ctx, person, id);
  const name = input.fileName.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 200);
  const mimeType = libraryFileType(name);
  if (!name) throw new AdminError("invalid", t.noFileName, { field: "file" });
  if (!mimeType) throw new AdminError("invalid", t.badFileType, { field: "file" });
  const limit = Math.round(ATTACHMENT_MAX_BYTES / 1024 / 1024);
  if (input.size !== null && input.size > ATTACHMENT_MAX_BYTES) throw new AdminError("invalid", t.fileTooBig(limit), { field: "file" });
  const content = await input.read();
  if (content.byteLength > ATTACHMENT_MAX_BYTES) throw new AdminError("invalid", t.fileTooBig(limit), { field: "file" });
  if (content.byteLength === 0) throw new AdminError("invalid", t.emptyFile, { field: "file" });
  const key = `library/${globalThis.crypto.randomUUID()}`;
  await ctx.files.put(key, content, mimeType);
  const previous = await ctx.library.setFile(id, { key, name, mimeType });
  if (previous && previous !== key) await ctx.files.delete(previous);
  return (await ctx.library.get(id))!;
}

export async function removeLibraryFile(ctx: LibraryContext, person: PersonView, id: string): Promise<LibraryItemRecord> {
  await editable(ctx, person, id);
  const previous = await ctx.library.setFile(id, null);
  if (previous) await ctx.files.delete(previous);
  return (await ctx.library.get(id))!;
}

/** The item's file, for those who may read the item. */
export async function libraryFile(ctx: LibraryContext, person: PersonView, id: string): Promise<{ name: string; mimeType: string; content: Uint8Array }> {
  const { item } = await getLibraryItem(ctx, person, id);
  if (!item.fileKey) throw new AdminError("not_found", t.noFile);
  const content = await ctx.files.get(item.fileKey);
  if (!content) throw new AdminError("not_found", t.noFile);
  return { name: item.fileName ?? "file", mimeType: item.fileMime ?? "application/octet-stream", content };
}

/**
 * A library item another record of this district may point at (a recommendation, a route item): it
 * must be the district's own and not archived. Throws a Russian "invalid" otherwise.
 */
export async function checkLinkable(library: Pick<LibraryRepository, "get">, districtId: string, libraryItemId: string): Promise<LibraryItemRecord> {
  const item = await library.get(libraryItemId);
  if (!item || item.districtId !== districtId) throw new AdminError("invalid", t.otherDistrict, { field: "libraryItemId" });
  if (item.archivedAt) throw new AdminError("invalid", t.archived, { field: "libraryItemId" });
  return item;
}

/** What links show: by id. */
export async function libraryLinks(library: Pick<LibraryRepository, "links">, ids: ReadonlyArray<string | null>): Promise<Map<string, LibraryLink>> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  return new Map((await library.links(wanted)).map((link) => [link.id, link]));
}

/**
 * Points a route item at a library item (or with null, at none). A teacher's route: its teacher; a
 * management team's route: the school's head (until approved) and district staff. Others: not found.
 */
export async function linkRouteItem(ctx: Pick<LibraryContext, "library">, person: PersonView, itemId: string, libraryItemId: string | null): Promise<LibraryLink | null> {
  const scope = await ctx.library.routeItemScope(itemId);
  if (!scope) throw new AdminError("not_found", t.routeItemNotYours);
  const staff = canManageDistrict(person.memberships, scope.districtId);
  const head = scope.schoolId !== null && activeIn(person, scope.districtId).some((membership) => membership.role === "head" && membership.schoolId === scope.schoolId);
  const allowed = scope.kind === "teacher" ? scope.personId === person.id : staff || head;
  if (!allowed) throw new AdminError("not_found", t.routeItemNotYours);
  if (scope.kind === "team" && scope.approvedAt && !staff) throw new AdminError("forbidden", t.routeApproved);
  if (libraryItemId !== null) await checkLinkable(ctx.library, scope.districtId, libraryItemId);
  await ctx.library.setRouteItemLink(itemId, libraryItemId);
  return libraryItemId ? ((await ctx.library.links([libraryItemId]))[0] ?? null) : null;
}
