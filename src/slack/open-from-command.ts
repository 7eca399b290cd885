import type { AckFn, Logger, RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackViewDto } from 'slack-block-builder';
import { formNotOpened } from './form-not-opened.ts';
import { refusalText } from './respond-error.ts';

/** What a command that opens a form needs of Bolt's arguments. */
interface FormCommand {
  command: { command: string; trigger_id: string };
  ack: AckFn<string | RespondArguments>;
  client: WebClient;
  respond: RespondFn;
  logger: Logger;
}

/**
 * Answers a command that opens a form. `build` returns the form — or, for `help` or arguments
 * that can't be read, the words to answer instead. The form is built (and the asker's privileges
 * checked) before the ack, so a refusal is the command's private answer; then the modal opens.
 * Acking only after the check holds Slack back under overload instead of piling up forms whose
 * trigger_id (valid for 3 s) expires before they open. When Slack does not open it, the person
 * is told why (see formNotOpened). Anything unexpected is acknowledged and rethrown to the app's
 * one error handler, which logs it and tells the person.
 */
export async function openFromCommand(
  { command, ack, client, respond, logger }: FormCommand,
  build: () => Promise<Readonly<SlackViewDto> | string>,
): Promise<void> {
  let view;
  try {
    view = await build();
  } catch (error) {
    const text = refusalText(error);
    if (text === undefined) {
      await ack();
      throw error;
    }
    await ack({ response_type: 'ephemeral', text });
    return;
  }
  if (typeof view === 'string') {
    await ack({ response_type: 'ephemeral', text: view });
    return;
  }
  await ack();
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    await respond({
      response_type: 'ephemeral',
      text: formNotOpened(error, logger, `run \`${command.command}\``),
    });
  }
}
