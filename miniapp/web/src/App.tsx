import { useEffect, useState, useSyncExternalStore } from "react";
import { AppRoot, Button } from "@telegram-apps/telegram-ui";
import { backButton, themeParams, useSignal } from "@telegram-apps/sdk-react";
import { api, setCredentials } from "./api.ts";
import type { TelegramLaunch } from "./init.ts";
import { t } from "./messages/ru.ts";
import { useRouter, type Route } from "./router.ts";
import { useApi } from "./useApi.ts";
import { ErrorView, Loading } from "./components/Status.tsx";
import { DemoSignInPage } from "./pages/DemoSignInPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { MyProfilePage } from "./pages/MyProfilePage.tsx";
import { OpenFromTelegramPage } from "./pages/OpenFromTelegramPage.tsx";
import { SchoolDeficitsPage } from "./pages/SchoolDeficitsPage.tsx";

const DEMO_PERSON_KEY = "demoPersonId";

interface AppProps {
  launch: TelegramLaunch | null;
  initialRoute: Route;
}

export function App({ launch, initialRoute }: AppProps) {
  return launch ? <TelegramApp launch={launch} initialRoute={initialRoute} /> : <BrowserApp initialRoute={initialRoute} />;
}

function TelegramApp({ launch, initialRoute }: { launch: TelegramLaunch; initialRoute: Route }) {
  const isDark = useSignal(themeParams.isDark);
  return (
    <AppRoot appearance={isDark ? "dark" : "light"} platform={launch.platform} className="app">
      <Pages initialRoute={initialRoute} telegram />
    </AppRoot>
  );
}

function usePrefersDark(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia("(prefers-color-scheme: dark)");
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () => window.matchMedia("(prefers-color-scheme: dark)").matches,
  );
}

/** Opened in a plain browser: demo sign-in when the server runs in demo mode, otherwise a pointer to the bot. */
function BrowserApp({ initialRoute }: { initialRoute: Route }) {
  const dark = usePrefersDark();
  const [config, retry] = useApi("config", api.config);
  const [personId, setPersonId] = useState<string | null>(() => {
    const stored = sessionStorage.getItem(DEMO_PERSON_KEY);
    if (stored) setCredentials({ kind: "demo", personId: stored });
    return stored;
  });

  const signIn = (id: string | null) => {
    if (id) sessionStorage.setItem(DEMO_PERSON_KEY, id);
    else sessionStorage.removeItem(DEMO_PERSON_KEY);
    setCredentials(id ? { kind: "demo", personId: id } : null);
    setPersonId(id);
  };

  let content;
  if (config.status === "loading") content = <Loading />;
  else if (config.status === "error") content = <ErrorView error={config.error} onRetry={retry} />;
  else if (!config.data.demo) content = <OpenFromTelegramPage botUsername={config.data.botUsername} />;
  else {
    content = (
      <>
        <div className="demo-banner" role="note" data-testid="demo-banner">
          <span>{t("demo.banner")}</span>
          {personId && (
            <Button size="s" mode="plain" onClick={() => signIn(null)}>
              {t("demo.signOut")}
            </Button>
          )}
        </div>
        {personId ? (
          <Pages key={personId} initialRoute={initialRoute} telegram={false} />
        ) : (
          <DemoSignInPage onChoose={signIn} />
        )}
      </>
    );
  }

  return (
    <AppRoot appearance={dark ? "dark" : "light"} className="app">
      {content}
    </AppRoot>
  );
}

/** The signed-in part: routing, Telegram's BackButton (or an on-page back link outside Telegram) and pages. */
function Pages({ initialRoute, telegram }: { initialRoute: Route; telegram: boolean }) {
  const { route, navigate, back } = useRouter(initialRoute);
  const [me, retryMe] = useApi("me", api.me);
  const inner = route.page !== "home";

  useEffect(() => {
    if (!telegram) return;
    if (inner) backButton.show.ifAvailable();
    else backButton.hide.ifAvailable();
  }, [telegram, inner]);

  useEffect(() => {
    if (!telegram) return;
    const [subscribed, off] = backButton.onClick.ifAvailable(back);
    return subscribed ? off : undefined;
  }, [telegram, back]);

  let page;
  if (route.page === "school") page = <SchoolDeficitsPage key={route.schoolId} schoolId={route.schoolId} />;
  else if (route.page === "profile") page = <MyProfilePage />;
  else if (me.status === "loading") page = <Loading />;
  else if (me.status === "error") page = <ErrorView error={me.error} onRetry={retryMe} />;
  else page = <HomePage me={me.data} navigate={navigate} />;

  return (
    <main className="page">
      {inner && !telegram && (
        <button type="button" className="back-link" onClick={back}>
          {t("app.back")}
        </button>
      )}
      {page}
    </main>
  );
}
