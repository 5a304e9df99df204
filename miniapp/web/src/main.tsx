import "@telegram-apps/telegram-ui/dist/styles.css";
import "./styles.css";
import { createRoot } from "react-dom/client";
import { setCredentials } from "./api.ts";
import { App } from "./App.tsx";
import { ErrorBoundary } from "./components/Status.tsx";
import { initTelegram } from "./init.ts";
import { startRouting } from "./router.ts";

const launch = initTelegram();
if (launch) setCredentials({ kind: "tma", initDataRaw: launch.initDataRaw });
const initialRoute = startRouting(launch?.startParam);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <ErrorBoundary message="error.unknown">
    <App launch={launch} initialRoute={initialRoute} />
  </ErrorBoundary>,
);
