/** The Mini App's client for the library (miniapp/api/routes/library.ts, #15). */
import { apiFetch, readJson } from "../api.ts";

export interface LibraryItem {
  id: string;
  districtId: string;
  kind: string;
  kindName: string;
  title: string;
  description: string | null;
  docNumber: string | null;
  docDate: string | null;
  url: string | null;
  file: { name: string | null; mimeType: string | null } | null;
  areas: string[];
  riskFactors: string[];
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** What a recommendation or a route item shows of its library item. */
export interface LibraryLinkView {
  id: string;
  kind: string;
  title: string;
  url: string | null;
  hasFile: boolean;
  archived: boolean;
}

export interface Option {
  id: string;
  title: string;
}

export interface LibraryList {
  items: LibraryItem[];
  canEdit: boolean;
  kinds: Option[];
  areas: Option[];
  riskFactors: Option[];
}

export interface LibraryFilter {
  q?: string;
  kind?: string;
  tag?: string;
  archived?: "1";
}

export interface LibraryInput {
  kind: string;
  title: string;
  description: string | null;
  docNumber: string | null;
  docDate: string | null;
  url: string | null;
  areas: string[];
  riskFactors: string[];
}

const json = (method: string, body?: unknown) => ({
  method,
  ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
});
const item = (id: string) => `/library/${encodeURIComponent(id)}`;

export const libraryApi = {
  list: async (districtId: string, filter: LibraryFilter) => {
    const query = new URLSearchParams(Object.entries(filter).filter((pair): pair is [string, string] => Boolean(pair[1]))).toString();
    return readJson<LibraryList>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/library${query ? `?${query}` : ""}`));
  },
  create: async (districtId: string, input: LibraryInput) =>
    readJson<{ item: LibraryItem }>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/library`, json("POST", input))),
  update: async (id: string, input: LibraryInput) => readJson<{ item: LibraryItem }>(await apiFetch(item(id), json("PUT", input))),
  archive: async (id: string, archived: boolean) => readJson<{ item: LibraryItem }>(await apiFetch(`${item(id)}/archive`, json("POST", { archived }))),
  attach: async (id: string, file: File) =>
    readJson<{ item: LibraryItem }>(
      await apiFetch(`${item(id)}/file`, { method: "POST", headers: { "X-File-Name": encodeURIComponent(file.name), "Content-Type": "application/octet-stream" }, body: file, timeoutMs: 120_000 }),
    ),
  removeFile: async (id: string) => readJson<{ item: LibraryItem }>(await apiFetch(`${item(id)}/file`, json("DELETE"))),
  fileUrl: (id: string) => `${item(id)}/file`,
  linkRouteItem: async (itemId: string, libraryItemId: string | null) =>
    readJson<{ libraryItem: LibraryLinkView | null }>(await apiFetch(`/route-items/${encodeURIComponent(itemId)}/library-item`, json("PUT", { libraryItemId }))),
};
