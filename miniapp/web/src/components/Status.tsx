import { Component, type ReactNode } from "react";
import { Button, Placeholder, Spinner } from "@telegram-apps/telegram-ui";
import type { ApiError } from "../api.ts";
import { t, type MessageKey } from "../messages/ru.ts";

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

/**
 * Catches what would otherwise unmount the whole app: a lazy chunk that failed to download on a
 * weak link, or a bug. Retry reloads the page; the router keeps the current page in history.state.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; message: MessageKey }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    console.error(error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Placeholder
        data-testid="error"
        header={t(this.props.message)}
        action={
          <Button size="l" stretched onClick={() => window.location.reload()}>
            {t("error.retry")}
          </Button>
        }
      />
    );
  }
}
