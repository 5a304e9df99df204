/**
 * Library links on other pages (#15 §5): the line a recommendation or a route item shows for the library
 * item it points at (title, link, file), and the picker of the district's items in a proposal's editor.
 * Small on purpose: it sits in the management and routes chunks.
 */
import { useState } from "react";
import { Button } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson, type ApiError } from "../api.ts";
import { save } from "../download.ts";
import { tl } from "../messages/ru-library.ts";
import { useApi } from "../useApi.ts";
import { libraryApi, type LibraryLinkView } from "./LibraryApi.ts";

async function downloadFile(link: LibraryLinkView) {
  const response = await apiFetch(libraryApi.fileUrl(link.id));
  if (!response.ok) await readJson<never>(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  save({ blob: await response.blob(), filename: named?.[1] ? decodeURIComponent(named[1]) : link.title });
}

/** A recommendation's or a route item's library item: its title, and its link or file. */
export function LibraryLinkLine({ link }: { link: LibraryLinkView | null | undefined }) {
  const [error, setError] = useState<ApiError | null>(null);
  if (!link) return null;
  return (
    <div className="work-note" data-testid={`library-linked-${link.id}`}>
      📚 {tl.linked}: {link.title}
      {link.archived ? ` (${tl.linkedArchived})` : null}
      {!link.archived && link.url && (
        <>
          {" "}
          <a className="work-link" href={link.url} target="_blank" rel="noopener noreferrer" data-testid={`library-linked-url-${link.id}`}>
            {tl.open}
          </a>
        </>
      )}
      {!link.archived && link.hasFile && (
        <>
          {" "}
          <Button size="s" mode="plain" data-testid={`library-linked-file-${link.id}`} onClick={() => downloadFile(link).catch((failure: unknown) => setError(asApiError(failure)))}>
            {tl.download}
          </Button>
        </>
      )}
      {error && <span className="work-error"> {error.message}</span>}
    </div>
  );
}

/** A select of the district's library items (not archived), or none. */
export function LibraryPicker({ districtId, value, onChange, testId }: { districtId: string; value: string; onChange: (id: string) => void; testId: string }) {
  const [state] = useApi(`library-picker:${districtId}`, () => libraryApi.list(districtId, {}));
  const items = state.status === "ok" ? state.data.items : [];
  return (
    <label className="work-select" style={{ display: "block", margin: "4px 0" }}>
      <span>{tl.pickLink}: </span>
      <select data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{tl.noLink}</option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.kindName}: {item.title}
          </option>
        ))}
        {value && !items.some((item) => item.id === value) && <option value={value}>{tl.linked}</option>}
      </select>
    </label>
  );
}
