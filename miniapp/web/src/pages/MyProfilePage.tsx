import { List, Placeholder, Progress, Section, Title } from "@telegram-apps/telegram-ui";
import { api, type MyDeficits } from "../api.ts";
import { formatDate, formatPercent, t } from "../messages/ru.ts";
import { useApi } from "../useApi.ts";
import { levelColor, levelLabel } from "../components/level.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

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
      {areas.map((area, index) => (
        <Section key={area.areaId} header={`${index + 1}. ${area.title}`}>
          <div className="profile-area">
            <div className="profile-area-level">
              <span className="level-dot" style={{ background: levelColor[area.level] }} aria-hidden="true" />
              <span>
                {t("profile.levelLine", { level: t(levelLabel[area.level]), value: formatPercent(area.deficit) })}
              </span>
            </div>
            <p className="profile-area-advice">{area.advice}</p>
          </div>
        </Section>
      ))}
      <p className="page-subtitle">{t("profile.private")}</p>
    </List>
  );
}
