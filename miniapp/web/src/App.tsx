import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from "react";
import { AppRoot, Button } from "@telegram-apps/telegram-ui";
import { themeParams, useSignal } from "@telegram-apps/sdk-react";
import { api, setCredentials } from "./api.ts";
import type { Host, MaxLaunch, NativeBackButton } from "./host.ts";
import type { TelegramLaunch } from "./init.ts";
import { t } from "./messages/ru.ts";
import { isManagementPage, isNetworkPage, useRouter, type Route } from "./router.ts";
import { useApi } from "./useApi.ts";
import { ErrorBoundary, ErrorView, Loading } from "./components/Status.tsx";
import { HomePage } from "./pages/HomePage.tsx";

const DEMO_PERSON_KEY = "demoPersonId";

// Pages past the first screen load on demand: the first screen must stay ≤ 80 KB gzipped (npm run bench).
const MyProfilePage = lazy(() => import("./pages/MyProfilePage.tsx").then((module) => ({ default: module.MyProfilePage })));
const SchoolDeficitsPage = lazy(() =>
  import("./pages/SchoolDeficitsPage.tsx").then((module) => ({ default: module.SchoolDeficitsPage })),
);
// Only in a plain browser (a pointer to the bot, or the demo's sign-in): never in a messenger.
const OpenFromBotPage = lazy(() => import("./pages/OpenFromBotPage.tsx").then((module) => ({ default: module.OpenFromBotPage })));
const DemoSignInPage = lazy(() => import("./pages/DemoSignInPage.tsx").then((module) => ({ default: module.DemoSignInPage })));

// Only district staff open this page: it stays out of the first screen's bundle, which must load fast
// on a village connection, and is fetched ahead once /api/me shows a district role.
const loadDistrictPage = () => import("./pages/DistrictPage.tsx");
const DistrictPage = lazy(() => loadDistrictPage().then((module) => ({ default: module.DistrictPage })));
const SchoolProgressPage = lazy(() => loadDistrictPage().then((module) => ({ default: module.SchoolProgressPage })));
const DistrictSummaryPage = lazy(() =>
  import("./pages/DistrictSummaryPage.tsx").then((module) => ({ default: module.DistrictSummaryPage })),
);
const loadDistrictWork = () => import("./pages/DistrictWorkPage.tsx");
const DistrictWorkPage = lazy(() => loadDistrictWork().then((module) => ({ default: module.DistrictWorkPage })));
const SchoolPeoplePage = lazy(() => loadDistrictWork().then((module) => ({ default: module.SchoolPeoplePage })));
// Identification (ШНОР/ШНСУ): the district's scatter and lists, and the school card a head opens from the bot;
// one small chunk that loads each page's own.
const IdentificationRoute = lazy(() => import("./pages/IdentificationRoutes.tsx").then((module) => ({ default: module.IdentificationRoute })));
// Surveys (#13): «Мои анкеты» and the form, start parameter survey-<campaignId>.
const CampaignsPage = lazy(() => import("./pages/CampaignsPage.tsx").then((module) => ({ default: module.CampaignsPage })));
const AuditPage = lazy(() => import("./pages/Audit.tsx").then((module) => ({ default: module.AuditPage })));
const SurveyRoute = lazy(() => import("./pages/SurveyRoutes.tsx").then((module) => ({ default: module.SurveyRoute })));
// Anonymous respondents (#13): a school's link, QR code and class-code sheets of a parents' or students' campaign.
const SurveyLinksPage = lazy(() => import("./pages/SurveyLinksPage.tsx").then((module) => ({ default: module.SurveyLinksPage })));

// The risk profile (#13): a school's profile (start parameter risk-<schoolId>), the district's list, its settings.
const RiskProfileRoute = lazy(() => import("./pages/RiskProfileRoutes.tsx").then((module) => ({ default: module.RiskProfileRoute })));
// Routes (ИОМ, #13): the teacher's route (start parameter `route`), the catalog, team routes, the methodologist.
const RouteRoute = lazy(() => import("./pages/RouteRoutes.tsx").then((module) => ({ default: module.RouteRoute })));
// Baselines from earlier rounds and the indicators (#13).
// The management loop (#14): recommendations, roadmaps, decisions, calendar, broadcasts, reports.
const NetworkRouteView = lazy(() => import("./pages/NetworkRoutes.tsx").then((module) => ({ default: module.NetworkRouteView })));
const ManagementRoute = lazy(() => import("./pages/ManagementRoutes.tsx").then((module) => ({ default: module.ManagementRoute })));
const BaselineRoute = lazy(() => import("./pages/BaselineRoutes.tsx").then((module) => ({ default: module.BaselineRoute })));

interface AppProps {
  host: Host;
  initialRoute: Route;
}

export function App({ host, initialRoute }: AppProps) {
  if (host.kind === "telegram") {
    return <TelegramApp launch={host.launch} backButton={host.backButton} initialRoute={initialRoute} />;
  }
  if (host.kind === "max") return <MaxApp launch={host.launch} initialRoute={initialRoute} />;
  return <BrowserApp initialRoute={initialRoute} />;
}

/**
 * The page behind the app (overscroll, the strip under a short page) follows the app's appearance,
 * not only the system's: the messenger's theme may differ from the phone's.
 */
function useDocumentAppearance(dark: boolean) {
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.appearance = dark ? "dark" : "light";
    root.style.colorScheme = dark ? "dark" : "light";
  }, [dark]);
}

function TelegramApp({
  launch,
  backButton,
  initialRoute,
}: {
  launch: TelegramLaunch;
  backButton: NativeBackButton;
  initialRoute: Route;
}) {
  const isDark = Boolean(useSignal(themeParams.isDark));
  useDocumentAppearance(isDark);
  return (
    <AppRoot appearance={isDark ? "dark" : "light"} platform={launch.platform} className="app">
      <Pages initialRoute={initialRoute} backButton={backButton} />
    </AppRoot>
  );
}

/**
 * MAX passes no theme colours: the bridge's colour scheme (or the system's) picks telegram-ui's own
 * light or dark palette, which is what its CSS variables fall back to without Telegram's theme.
 */
function MaxApp({ launch, initialRoute }: { launch: MaxLaunch; initialRoute: Route }) {
  const prefersDark = usePrefersDark();
  const dark = launch.colorScheme ? launch.colorScheme === "dark" : prefersDark;
  useDocumentAppearance(dark);
  return (
    <AppRoot appearance={dark ? "dark" : "light"} platform={launch.platform} className="app">
      <Pages initialRoute={initialRoute} backButton={launch.backButton} />
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
  useDocumentAppearance(dark);
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
  else if (!config.data.demo) content = <OpenFromBotPage botUsername={config.data.botUsername} />;
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
          <Pages key={personId} initialRoute={initialRoute} backButton={null} />
        ) : (
          <DemoSignInPage onChoose={signIn} />
        )}
      </>
    );
  }

  return (
    <AppRoot appearance={dark ? "dark" : "light"} className="app">
      <Suspense fallback={<Loading />}>{content}</Suspense>
    </AppRoot>
  );
}

/**
 * The signed-in part: routing, the messenger's back button in its header (Telegram, MAX) or an
 * on-page back link where there is none (browser, an old MAX Bridge), and pages.
 */
function Pages({ initialRoute, backButton }: { initialRoute: Route; backButton: NativeBackButton | null }) {
  const { route, navigate, back } = useRouter(initialRoute);
  const [me, retryMe] = useApi("me", api.me);
  const inner = route.page !== "home";

  useEffect(() => {
    if (!backButton) return;
    if (inner) backButton.show();
    else backButton.hide();
  }, [backButton, inner]);

  useEffect(() => backButton?.onClick(back), [backButton, back]);

  const managesDistrict =
    me.status === "ok" && me.data.roles.some((grant) => ["district", "regional", "working_group", "head"].includes(grant.role));
  useEffect(() => {
    if (!managesDistrict && route.page !== "district" && route.page !== "schoolProgress") return;
    loadDistrictPage().catch(() => {
      // Reported where it matters: the page's own import fails too, and its boundary offers a retry.
    });
  }, [managesDistrict, route.page]);

  let page;
  if (route.page === "school") page = <SchoolDeficitsPage key={route.schoolId} schoolId={route.schoolId} />;
  else if (route.page === "district") {
    page = (
      <ErrorBoundary key={route.districtId} message="error.network">
        <Suspense fallback={<Loading />}>
          <DistrictPage
            districtId={route.districtId}
            navigate={navigate}
            readOnly={
              me.status === "ok" &&
              !me.data.roles.some((grant) => (grant.role === "district" || grant.role === "regional") && grant.districtId === route.districtId)
            }
          />
        </Suspense>
      </ErrorBoundary>
    );
  } else if (route.page === "schoolProgress") {
    page = (
      <ErrorBoundary key={route.schoolId} message="error.network">
        <Suspense fallback={<Loading />}>
          <SchoolProgressPage schoolId={route.schoolId} navigate={navigate} />
        </Suspense>
      </ErrorBoundary>
    );
  } else if (route.page === "districtWork" || route.page === "schoolPeople") {
    page = (
      <ErrorBoundary key={`${route.page}:${route.page === "schoolPeople" ? route.schoolId : route.districtId}`} message="error.network">
        <Suspense fallback={<Loading />}>
          {route.page === "districtWork" ? (
            <DistrictWorkPage districtId={route.districtId} navigate={navigate} />
          ) : (
            <SchoolPeoplePage districtId={route.districtId} schoolId={route.schoolId} />
          )}
        </Suspense>
      </ErrorBoundary>
    );
  } else if (route.page === "districtSummary") {
    page = <DistrictSummaryPage key={route.districtId} districtId={route.districtId} />;
  } else if (route.page === "identification" || route.page === "schoolCard") {
    page = <IdentificationRoute route={route} navigate={navigate} />;
  } else if (route.page === "surveys" || route.page === "survey") page = <SurveyRoute route={route} navigate={navigate} />;
  else if (route.page === "campaigns") page = <CampaignsPage key={route.districtId} districtId={route.districtId} />;
  else if (route.page === "audit") page = <AuditPage key={route.districtId} districtId={route.districtId} />;
  else if (route.page === "surveyLinks") page = <SurveyLinksPage key={route.campaignId ?? ""} campaignId={route.campaignId} navigate={navigate} />;
  else if (route.page === "riskProfile" || route.page === "riskDistrict" || route.page === "riskSettings") page = <RiskProfileRoute route={route} navigate={navigate} />;
  else if (route.page === "route" || route.page === "courses" || route.page === "teamRoute" || route.page === "methodologist") page = <RouteRoute route={route} />;
  else if (route.page === "baseline" || route.page === "indicators") page = <BaselineRoute route={route} navigate={navigate} />;
  else if (isManagementPage(route)) page = <ManagementRoute route={route} navigate={navigate} />;
  else if (isNetworkPage(route)) page = <NetworkRouteView route={route} navigate={navigate} />;
  else if (route.page === "profile") page = <MyProfilePage />;
  else if (me.status === "loading") page = <Loading />;
  else if (me.status === "error") page = <ErrorView error={me.error} onRetry={retryMe} />;
  else page = <HomePage me={me.data} navigate={navigate} />;

  return (
    <main className="page">
      {inner && !backButton && (
        <button type="button" className="back-link" onClick={back}>
          {t("app.back")}
        </button>
      )}
      <ErrorBoundary key={route.page} message="error.network">
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </ErrorBoundary>
    </main>
  );
}
