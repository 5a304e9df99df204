import { lazy, Suspense } from "react";
import { List, Placeholder, Progress, Section, Title } from "@telegram-apps/telegram-ui";
import { api, type MyDeficits } from "../api.ts";
import { formatDate, formatPercent, t } from "../messages/ru.ts";
import { useApi } from "../useApi.ts";
import { levelColor, levelLabel } from "../components/level.ts";
import { ErrorBoundary, ErrorView, Loading } from "../components/Status.tsx";

// Charts load with the profile, not with the first screen.
const Radar = lazy(() => import("../components/charts/Radar.tsx").then((module) => ({ default: module.Radar })));

/** A teacher's own deficit profile from the diagnostic; only this person sees it. */
export function MyProfilePage() {
  const [state, retry] = useApi("my-deficits", api.myDeficits);
  return (
    <div data-testid="my-profile">
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={retry} />
      ) : (
        <MyProfileView data={state.data} />
      )}
    </div>
  );
}

function MyProfileView({ data: { profile, progress } }: { data: MyDeficits }) {
  if (!profile) {
    return (
      <Placeholder
        header={t("profile.title")}
        description={
          progress ? t("profile.progress", { answered: progress.answered, total: progress.total }) : t("profile.start")
        }
        action={
          progress && progress.total > 0 ? (
            <Progress className="progress" value={(progress.answered / progress.total) * 100} />
          ) : undefined
        }
      />
    );
  }

  const areas = [...profile.areas].sort((a, b) => b.deficit - a.deficit);
  return (
    <List>
      <Title level="2" weight="2" className="page-title">
        {t("profile.title")}
      </Title>
      <p className="page-subtitle">
        {t("profile.completed", { campaign: profile.campaignTitle, date: formatDate(profile.completedAt) })}
      </p>
      <Section header={t("profile.chartTitle")}>
        <div className="chart chart-radar" data-testid="profile-chart">
          <ErrorBoundary message="error.network">
            <Suspense fallback={<div className="chart-square" />}>
              <Radar
                title={t("profile.chartTitle")}
                axes={areas.map((_, index) => String(index + 1))}
                series={[
                  {
                    id: "me",
                    name: t("profile.title"),
                    color: "var(--tgui--link_color)",
                    values: areas.map((area) => area.deficit),
                  },
                ]}
                format={(value) => `${formatPercent(value)}%`}
              />
            </Suspense>
          </ErrorBoundary>
        </div>
      </Section>
      {areas.map((area, index) => (
        <Section key={area.areaId} header={`${index + 1}. ${area.title}`}>
          <div className="profile-area">
            <div className="profile-area-level">
              <span className="level-dot" style={{ background: levelColor[area.level] }} aria-hidden="true" />
              <span>
                {t("profile.levelLine", { level: t(levelLabel[area.level]), value: formatPercent(area.deficit) })}
              </span>
            </div>
            {/* Advice only where there is a deficit to work on (issue #11 §9). */}
            {area.level !== "none" && area.deficit > 0 ? <p className="profile-area-advice">{area.advice}</p> : null}
          </div>
        </Section>
      ))}
      <p className="page-subtitle">{t("profile.private")}</p>
    </List>
  );
}
