import { Button, Title } from "@telegram-apps/telegram-ui";
import { t } from "../messages/ru.ts";

/** Opened in a plain browser while the server is not in demo mode. */
export function OpenFromTelegramPage({ botUsername }: { botUsername: string | null }) {
  return (
    <main className="open-from-telegram page" data-testid="open-from-telegram">
      <Title level="2" weight="2">
        {t("openFromTelegram.title")}
      </Title>
      <ol>
        <li>{t("openFromTelegram.step1")}</li>
        <li>{t("openFromTelegram.step2", { bot: botUsername ? ` — @${botUsername}` : "" })}</li>
        <li>{t("openFromTelegram.step3")}</li>
      </ol>
      <p className="why">{t("openFromTelegram.why")}</p>
      {botUsername && (
        <Button Component="a" href={`https://t.me/${botUsername}`} size="l" stretched>
          @{botUsername}
        </Button>
      )}
    </main>
  );
}
