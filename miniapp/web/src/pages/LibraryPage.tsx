/**
 * The library of materials and normative acts (#15 §5; seed 003 §4.6.1): every member of the district
 * searches by words, kind and tag (deficit area, risk factor), opens links and downloads files; district
 * staff and methodologists add, edit, archive and attach files. Phones first: one column, 320 px.
 * Routes: miniapp/api/routes/library.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson, type ApiError } from "../api.ts";
import { save } from "../download.ts";
import { tl } from "../messages/ru-library.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { libraryApi, type LibraryFilter, type LibraryInput, type LibraryItem, type LibraryList, type Option } from "./LibraryApi.ts";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

/** "2027-03-15" → "15.03.2027" */
const dateText = (iso: string | null) => (iso ? iso.split("-").reverse().join(".") : null);

export function LibraryPage({ route }: NetworkPageProps) {
  const districtId = route.districtId;
  const [filter, setFilter] = useState<LibraryFilter>({});
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<LibraryItem | "new" | null>(null);
  const [state, reload] = useApi(`library:${districtId}:${JSON.stringify(filter)}`, () => libraryApi.list(districtId!, filter));
  if (!districtId) return <p className="page-note">{tl.noDistrict}</p>;
  const filtered = Boolean(filter.q || filter.kind || filter.tag);
  return (
    <List data-testid="library">
      <Title level="2" weight="2" className="page-title">
        {tl.title}
      </Title>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <>
          <p className="page-note">{state.data.canEdit ? tl.introEdit : tl.intro}</p>
          {state.data.canEdit && editing === null && (
            <div className="work-actions">
              <Button data-testid="library-add" onClick={() => setEditing("new")}>
                {tl.add}
              </Button>
            </div>
          )}
          {state.data.canEdit && editing !== null && (
            <LibraryForm
              districtId={districtId}
              options={state.data}
              initial={editing === "new" ? null : editing}
              onDone={(changed) => {
                setEditing(null);
                if (changed) reload();
              }}
            />
          )}
          <Section header={tl.search} data-testid="library-filters">
            <form
              className="work-field"
              onSubmit={(event) => {
                event.preventDefault();
                setFilter({ ...filter, q: query.trim() || undefined });
              }}
            >
              <input
                data-testid="library-search"
                type="search"
                value={query}
                maxLength={200}
                placeholder={tl.searchPlaceholder}
                onChange={(event) => setQuery(event.target.value)}
                onBlur={() => setFilter({ ...filter, q: query.trim() || undefined })}
              />
            </form>
            <label className="work-field">
              {tl.kind}
              <select data-testid="library-kind" value={filter.kind ?? ""} onChange={(event) => setFilter({ ...filter, kind: event.target.value || undefined })}>
                <option value="">{tl.anyKind}</option>
                {state.data.kinds.map((kind) => (
                  <option key={kind.id} value={kind.id}>
                    {kind.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="work-field">
              {tl.tag}
              <select data-testid="library-tag" value={filter.tag ?? ""} onChange={(event) => setFilter({ ...filter, tag: event.target.value || undefined })}>
                <option value="">{tl.anyTag}</option>
                <optgroup label={tl.areasGroup}>
                  {state.data.areas.map((area) => (
                    <option key={area.id} value={`area:${area.id}`}>
                      {area.title}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={tl.risksGroup}>
                  {state.data.riskFactors.map((factor) => (
                    <option key={factor.id} value={`risk:${factor.id}`}>
                      {factor.title}
                    </option>
                  ))}
                </optgroup>
              </select>
            </label>
            {state.data.canEdit && (
              <label className="work-field">
                <span>
                  <input
                    data-testid="library-archived"
                    type="checkbox"
                    checked={filter.archived === "1"}
                    onChange={(event) => setFilter({ ...filter, archived: event.target.checked ? "1" : undefined })}
                  />{" "}
                  {tl.archived}
                </span>
              </label>
            )}
          </Section>
          <Section>
            {state.data.items.length === 0 && <Cell multiline>{filtered ? tl.noneFound : tl.none}</Cell>}
            {state.data.items.map((item) => (
              <ItemCard key={item.id} item={item} options={state.data} canEdit={state.data.canEdit} onEdit={() => setEditing(item)} onChanged={reload} />
            ))}
          </Section>
        </>
      )}
    </List>
  );
}

const titleOf = (options: Option[], id: string) => options.find((option) => option.id === id)?.title ?? id;

/** Downloads an item's file through the signed API (a plain link would lack the init data). */
export async function download(item: { id: string; file?: LibraryItem["file"]; title: string }) {
  const response = await apiFetch(libraryApi.fileUrl(item.id));
  if (!response.ok) await readJson<never>(response);
  save({ blob: await response.blob(), filename: item.file?.name ?? item.title });
}

function ItemCard({ item, options, canEdit, onEdit, onChanged }: { item: LibraryItem; options: LibraryList; canEdit: boolean; onEdit: () => void; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const document = tl.document(item.docNumber, dateText(item.docDate));
  const tags = [...item.areas.map((id) => titleOf(options.areas, id)), ...item.riskFactors.map((id) => titleOf(options.riskFactors, id))];
  const act = (work: Promise<unknown>) => work.then(onChanged, (failure: unknown) => setError(asApiError(failure)));
  return (
    <div className="work-school" data-testid={`library-item-${item.id}`}>
      <Cell multiline subtitle={[item.kindName, document, item.archivedAt ? tl.archivedMark : null].filter(Boolean).join(" · ")}>
        {item.title}
      </Cell>
      <ul className="work-lines work-note">
        {item.description && <li>{item.description}</li>}
        {tags.length > 0 && <li>{tags.join(", ")}</li>}
      </ul>
      <div className="work-sheet-buttons">
        {item.url && (
          <a className="work-link" data-testid={`library-link-${item.id}`} href={item.url} target="_blank" rel="noopener noreferrer">
            {tl.open}
          </a>
        )}
        {item.file && (
          <Button size="s" mode="bezeled" data-testid={`library-file-${item.id}`} onClick={() => download(item).catch((failure: unknown) => setError(asApiError(failure)))}>
            {tl.download}
          </Button>
        )}
        {canEdit && (
          <>
            <Button size="s" mode="bezeled" data-testid={`library-edit-${item.id}`} onClick={onEdit}>
              {tl.edit}
            </Button>
            <Button size="s" mode="outline" data-testid={`library-archive-${item.id}`} onClick={() => act(libraryApi.archive(item.id, !item.archivedAt))}>
              {item.archivedAt ? tl.restore : tl.archive}
            </Button>
          </>
        )}
      </div>
      {error && <p className="work-error">{error.message}</p>}
    </div>
  );
}

const empty = (): LibraryInput => ({ kind: "methodical", title: "", description: null, docNumber: null, docDate: null, url: null, areas: [], riskFactors: [] });
const inputOf = (item: LibraryItem): LibraryInput => ({
  kind: item.kind,
  title: item.title,
  description: item.description,
  docNumber: item.docNumber,
  docDate: item.docDate,
  url: item.url,
  areas: item.areas,
  riskFactors: item.riskFactors,
});

function LibraryForm({ districtId, options, initial, onDone }: { districtId: string; options: LibraryList; initial: LibraryItem | null; onDone: (changed: boolean) => void }) {
  const [input, setInput] = useState<LibraryInput>(() => (initial ? inputOf(initial) : empty()));
  const [file, setFile] = useState<File | null>(null);
  const [dropFile, setDropFile] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (patch: Partial<LibraryInput>) => setInput({ ...input, ...patch });
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((entry) => entry !== value));
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = initial ? await libraryApi.update(initial.id, input) : await libraryApi.create(districtId, input);
      if (file) await libraryApi.attach(saved.item.id, file);
      else if (dropFile && initial?.file) await libraryApi.removeFile(initial.id);
      onDone(true);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  const text = (label: string, key: "title" | "docNumber" | "url", max: number, testId: string) => (
    <label className="work-field">
      {label}
      <input data-testid={testId} value={input[key] ?? ""} maxLength={max} onChange={(event) => set({ [key]: event.target.value || (key === "title" ? "" : null) })} />
    </label>
  );
  return (
    <Section header={initial ? tl.formEdit : tl.formNew} data-testid="library-form">
      <label className="work-field">
        {tl.kind}
        <select data-testid="library-form-kind" value={input.kind} onChange={(event) => set({ kind: event.target.value })}>
          {options.kinds.map((kind) => (
            <option key={kind.id} value={kind.id}>
              {kind.title}
            </option>
          ))}
        </select>
      </label>
      {text(tl.titleField, "title", 300, "library-form-title")}
      <label className="work-field">
        {tl.description}
        <textarea data-testid="library-form-description" rows={3} maxLength={4000} value={input.description ?? ""} onChange={(event) => set({ description: event.target.value || null })} />
      </label>
      {text(tl.docNumber, "docNumber", 50, "library-form-number")}
      <label className="work-field">
        {tl.docDate}
        <input data-testid="library-form-date" type="date" value={input.docDate ?? ""} onChange={(event) => set({ docDate: event.target.value || null })} />
      </label>
      {text(tl.url, "url", 1000, "library-form-url")}
      <label className="work-field">
        {tl.file}
        <input data-testid="library-form-file" type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
      </label>
      {initial?.file && !file && (
        <label className="work-field">
          <span>
            <input data-testid="library-form-drop-file" type="checkbox" checked={dropFile} onChange={(event) => setDropFile(event.target.checked)} /> {tl.removeFile}: {initial.file.name}
          </span>
        </label>
      )}
      {!input.url && !file && !(initial?.file && !dropFile) && <p className="work-note">{tl.linkOrFile}</p>}
      <p className="work-note">{tl.areasGroup}</p>
      {options.areas.map((area) => (
        <label key={area.id} className="work-field">
          <span>
            <input data-testid={`library-form-area-${area.id}`} type="checkbox" checked={input.areas.includes(area.id)} onChange={(event) => set({ areas: toggle(input.areas, area.id, event.target.checked) })} />{" "}
            {area.title}
          </span>
        </label>
      ))}
      <p className="work-note">{tl.risksGroup}</p>
      {options.riskFactors.map((factor) => (
        <label key={factor.id} className="work-field">
          <span>
            <input
              data-testid={`library-form-risk-${factor.id}`}
              type="checkbox"
              checked={input.riskFactors.includes(factor.id)}
              onChange={(event) => set({ riskFactors: toggle(input.riskFactors, factor.id, event.target.checked) })}
            />{" "}
            {factor.title}
          </span>
        </label>
      ))}
      {error && <p className="work-error">{error.message}</p>}
      <div className="work-sheet-buttons">
        <Button data-testid="library-save" disabled={busy} onClick={submit}>
          {busy ? tl.saving : tl.save}
        </Button>
        <Button data-testid="library-cancel" mode="plain" onClick={() => onDone(false)}>
          {tl.cancel}
        </Button>
      </div>
    </Section>
  );
}
