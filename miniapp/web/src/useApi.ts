import { useCallback, useEffect, useState } from "react";
import { ApiError } from "./api.ts";
import { t } from "./messages/ru.ts";

export type Loadable<T> =
  | { status: "loading" }
  | { status: "ok"; data: T }
  | { status: "error"; error: ApiError };

/** Loads once per `key` and offers `reload` for the retry button. */
export function useApi<T>(key: string, load: () => Promise<T>): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    load().then(
      (data) => current && setState({ status: "ok", data }),
      (error: unknown) => {
        if (!current) return;
        // Anything but ApiError is a bug in this app; still show a human message, keep the cause for the console.
        if (!(error instanceof ApiError)) console.error(error);
        setState({
          status: "error",
          error: error instanceof ApiError ? error : new ApiError(t("error.unknown"), "http", null, null),
        });
      },
    );
    return () => {
      current = false;
    };
    // `load` is recreated every render; `key` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}
