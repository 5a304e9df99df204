import "@telegram-apps/telegram-ui/dist/styles.css";
import "./styles.css";
import { createRoot } from "react-dom/client";
import { setCredentials } from "./api.ts";
import { App } from "./App.tsx";
import { ErrorBoundary } from "./components/Status.tsx";
import { detectHost, type Host } from "./host.ts";
import { startRouting } from "./router.ts";

function render(host: Host) {
  if (host.kind === "telegram") setCredentials({ kind: "tma", initDataRaw: host.launch.initDataRaw });
  else if (host.kind === "max") setCredentials({ kind: "max", initData: host.launch.initData });
  const initialRoute = startRouting(host.kind === "browser" ? undefined : host.launch.startParam);

  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element");
  createRoot(root).render(
    <ErrorBoundary message="error.unknown">
      <App host={host} initialRoute={initialRoute} />
    </ErrorBoundary>,
  );
}

// Telegram and plain browsers resolve at once; only a likely MAX page waits (briefly) for MAX Bridge.
void detectHost().then(render);
