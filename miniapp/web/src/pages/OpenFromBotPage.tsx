import { Button, Title } from "@telegram-apps/telegram-ui";
import { t } from "../messages/ru.ts";

/** Opened in a plain browser while the server is not in demo mode: the app works only inside a messenger. */
export function OpenFromBotPage({ botUsername }: { botUsername: string | null }) {
  return (
    <main className="open-from-bot page" data-testid="open-from-bot">
      <Title level="2" weight="2">
        {t("openFromBot.title")}
      </Title>
      <ol>
        <li>{t("openFromBot.step1")}</li>
        <li>{t("openFromBot.step2")}</li>
        <li>{t("openFromBot.step3")}</li>
      </ol>
      <p className="why">{t("openFromBot.why")}</p>
      {botUsername && (
        <Button Component="a" href={`https://t.me/${botUsername}`} size="l" stretched>
          {t("openFromBot.telegramLink", { bot: botUsername })}
        </Button>
      )}
    </main>
  );
}
