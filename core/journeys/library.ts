// /library (#15 §5; seed 003 §4.6.1): the district's library in chat, for every member. Without words it
// shows what is new (the latest items, five a page, «Ещё ▸» for the next); `/library слово` searches the
// title, description, document number and tags (one-shot: no step is left waiting for typed text). «📄 n»
// sends the item: its document details, tags, link, and its file as a document. A recommendation's notice
// carries «📚 Открыть материал» (lb:get:<id>) for the item it points at. Adding materials is in the app.
import { LIBRARY_KIND_NAMES, libraryText as t } from "../messages/library.ts";
import { isAdminError } from "../services/admin.ts";
import { getLibraryItem, latestLibrary, libraryDistricts, searchMyLibrary, type LibraryContext } from "../services/library.ts";
import type { LibraryItemRecord } from "../services/library-ports.ts";
import { docDateText, queryWords, tagNames } from "../services/library-rules.ts";
import { ack, edit, send } from "./common.ts";
import type { Button, Journey, Screen, Turn } from "./types.ts";

export const LIBRARY_PREFIX = "lb:";
const NEW_PAGE = `${LIBRARY_PREFIX}new:`;
const GET = `${LIBRARY_PREFIX}get:`;
const HOW = `${LIBRARY_PREFIX}how`;
/** Items per page of «what's new». */
export const LIBRARY_PAGE = 5;
/** Search results shown in chat; the rest are in the app. */
export const SEARCH_SHOWN = 8;
const ID = /^[a-z0-9]{1,40}$/;

/** The button data that opens an item in chat (a recommendation's notice uses it too). */
export const libraryItemData = (itemId: string) => `${GET}${itemId}`;

function libraryContext(turn: Turn): LibraryContext | null {
  const network = turn.deps.network;
  return network ? { library: network.library, files: network.files, clock: turn.deps.clock } : null;
}

const meta = (item: LibraryItemRecord) =>
  [LIBRARY_KIND_NAMES[item.kind], t.document(item.docNumber, docDateText(item.docDate))].filter(Boolean).join(", ");

function appButton(turn: Turn): Button[] {
  const districts = turn.person ? libraryDistricts(turn.person) : [];
  if (!turn.channel.appAvailable || districts.length === 0) return [];
  return [{ kind: "app", text: t.appButton, start: districts.length === 1 ? `net-library-${districts[0]}` : "home" }];
}

/** Lines with numbers and a «📄 n» button per item (five a row). */
function listScreen(turn: Turn, heading: string, items: readonly LibraryItemRecord[], firstNumber: number, footer: string[], extra: Button[][]): Screen {
  const lines = [heading, ""];
  const buttons: Button[][] = [];
  items.forEach((item, index) => {
    const n = firstNumber + index;
    lines.push(t.line(n, item.title, meta(item)));
    const button: Button = { kind: "action", text: t.openButton(n), data: libraryItemData(item.id) };
    if (index % 5 === 0) buttons.push([button]);
    else buttons.at(-1)!.push(button);
  });
  if (footer.length) lines.push("", ...footer);
  const app = appButton(turn);
  return { text: lines.join("\n"), buttons: [...buttons, ...extra, ...(app.length ? [app] : [])] };
}

async function newScreen(turn: Turn, ctx: LibraryContext, offset: number): Promise<Screen> {
  const all = await latestLibrary(ctx, turn.person!);
  if (!all.length) return { text: `${t.newHeading}\n\n${t.empty}`, buttons: appButton(turn).length ? [appButton(turn)] : [] };
  const start = offset < all.length ? offset : 0;
  const page = all.slice(start, start + LIBRARY_PAGE);
  const navigation: Button[] = [];
  if (start + LIBRARY_PAGE < all.length) navigation.push({ kind: "action", text: t.moreButton, data: `${NEW_PAGE}${start + LIBRARY_PAGE}` });
  navigation.push({ kind: "action", text: t.searchButton, data: HOW });
  return listScreen(turn, t.newHeading, page, start + 1, [t.page(start + 1, start + page.length, all.length)], [navigation]);
}

async function searchScreen(turn: Turn, ctx: LibraryContext, query: string): Promise<Screen> {
  const shown = query.replace(/\s+/g, " ").trim().slice(0, 60);
  if (!queryWords(query).length) return { text: t.tooShortQuery };
  const found = await searchMyLibrary(ctx, turn.person!, query);
  if (!found.length) {
    const app = appButton(turn);
    return { text: t.nothingFound(shown), ...(app.length ? { buttons: [app] } : {}) };
  }
  const footer = found.length > SEARCH_SHOWN ? [t.moreFound(SEARCH_SHOWN, found.length)] : [];
  return listScreen(turn, t.searchHeading(shown), found.slice(0, SEARCH_SHOWN), 1, footer, []);
}

async function showItem(turn: Turn, ctx: LibraryContext, itemId: string) {
  if (!ID.test(itemId)) return ack(turn, t.itemGone, true);
  let item: LibraryItemRecord;
  try {
    item = (await getLibraryItem(ctx, turn.person!, itemId)).item;
  } catch (error) {
    if (!isAdminError(error)) throw error;
    return ack(turn, t.itemGone, true);
  }
  ack(turn);
  const document = t.document(item.docNumber, docDateText(item.docDate));
  const tags = tagNames(item);
  const lines = [
    t.itemHeading(LIBRARY_KIND_NAMES[item.kind], item.title),
    ...(document ? [document] : []),
    ...(item.description ? ["", item.description.length > 1500 ? `${item.description.slice(0, 1500)}…` : item.description] : []),
    ...(tags.length ? ["", t.tagsLine(tags.join(", "))] : []),
    ...(item.url ? ["", t.linkLine(item.url)] : []),
  ];
  let content: Uint8Array | null = null;
  if (item.fileKey) content = await ctx.files.get(item.fileKey);
  if (item.fileKey && content) lines.push("", t.fileFollows);
  else if (item.fileKey) lines.push("", t.fileMissing);
  else if (!item.url) lines.push("", t.noLinkOrFile);
  send(turn, { text: lines.join("\n") });
  if (item.fileKey && content) {
    turn.effects.push({ kind: "document", filename: item.fileName ?? "material", mimeType: item.fileMime ?? "application/octet-stream", content, caption: item.title.slice(0, 200) });
  }
}

export const libraryJourney: Journey = {
  name: "library",
  prefix: LIBRARY_PREFIX,
  commands: [{ name: "library", description: t.command, audience: "members", refusal: t.refusal }],
  help: { members: t.help },
  menu: {
    teacher: [{ kind: "command", text: t.menu, command: "library" }],
    methodologist: [{ kind: "command", text: t.menu, command: "library" }],
  },
  async handle(turn, incoming) {
    if (!turn.person) return;
    const ctx = libraryContext(turn);
    if (incoming.kind === "command") {
      if (!ctx) return send(turn, { text: t.unavailable });
      const query = incoming.args.trim();
      return send(turn, query ? await searchScreen(turn, ctx, query) : await newScreen(turn, ctx, 0));
    }
    if (incoming.kind !== "action") return;
    if (!ctx) return ack(turn, t.unavailable, true);
    if (incoming.data.startsWith(NEW_PAGE)) {
      const offset = Number(incoming.data.slice(NEW_PAGE.length));
      ack(turn);
      return edit(turn, await newScreen(turn, ctx, Number.isInteger(offset) && offset >= 0 && offset < 100_000 ? offset : 0));
    }
    if (incoming.data.startsWith(GET)) return showItem(turn, ctx, incoming.data.slice(GET.length));
    if (incoming.data === HOW) return ack(turn, t.searchHint, true);
    ack(turn);
  },
};
