import { Button, Placeholder } from "@telegram-apps/telegram-ui";
import { t } from "../messages/ru.ts";

/** Opened in a plain browser while the server is not in demo mode. */
export function OpenFromTelegramPage({ botUsername }: { botUsername: string | null }) {
  return (
    <Placeholder
      data-testid="open-from-telegram"
      header={t("openFromTelegram.title")}
      action={
        botUsername ? (
          <Button Component="a" href={`https://t.me/${botUsername}`} size="l" stretched>
            @{botUsername}
          </Button>
        ) : undefined
      }
    >
      <div className="instructions">
        <ol>
          <li>{t("openFromTelegram.step1")}</li>
          <li>{t("openFromTelegram.step2", { bot: botUsername ? ` — @${botUsername}` : "" })}</li>
          <li>{t("openFromTelegram.step3")}</li>
        </ol>
        <p>{t("openFromTelegram.why")}</p>
      </div>
    </Placeholder>
  );
}
