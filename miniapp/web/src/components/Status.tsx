import { Button, Placeholder, Spinner } from "@telegram-apps/telegram-ui";
import type { ApiError } from "../api.ts";
import { t } from "../messages/ru.ts";

export function Loading() {
  return (
    <div className="center" role="status" aria-live="polite">
      <Spinner size="l" />
      <span className="visually-hidden">{t("app.loading")}</span>
    </div>
  );
}

export function ErrorView({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <Placeholder
      data-testid="error"
      header={error.kind === "network" ? error.message : t("error.title")}
      description={error.kind === "network" ? undefined : error.message}
      action={
        error.retryable ? (
          <Button size="l" stretched onClick={onRetry}>
            {t("error.retry")}
          </Button>
        ) : undefined
      }
    />
  );
}
