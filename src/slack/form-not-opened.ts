import type { Logger } from '@slack/bolt';

/** Slack's answer inside a failed Web API call (what @slack/web-api puts on the error). */
interface PlatformError {
  data?: { error?: string; response_metadata?: { messages?: string[] } };
}

/** Trigger ids are valid for 3 seconds and once: only these errors mean "too late". */
const TOO_LATE = new Set(['expired_trigger_id', 'invalid_trigger_id', 'exchanged_trigger_id']);

/**
 * Logs why Slack did not open a form — Slack's error and its `response_metadata.messages`, which
 * name the broken field — and returns the truth for the person: too late only when the trigger
 * really expired, otherwise that Slack refused the form.
 */
export function formNotOpened(error: unknown, logger: Logger, retry: string): string {
  const slack = (error as PlatformError).data;
  if (slack?.error && TOO_LATE.has(slack.error)) {
    logger.warn(`Slack did not open a form in time (${slack.error})`);
    return `Slack did not open the form in time. Please ${retry} again.`;
  }
  logger.error(
    `Slack refused a form: ${slack?.error ?? (error instanceof Error ? error.message : String(error))}`,
    ...(slack?.response_metadata?.messages ?? []),
  );
  return 'Slack refused this form; the error was logged. Please tell whoever runs Switchboard.';
}
