import type { AckFn, Logger, RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackViewDto } from 'slack-block-builder';
import { formNotOpened } from './form-not-opened.ts';
import { refusalText } from './respond-error.ts';

/**
 * Answers a command that opens a form: the form is built (and the asker's privileges checked)
 * before the ack, so a refusal is the command's private answer; then the modal opens. Acking
 * only after the check holds Slack back under overload instead of piling up forms whose
 * trigger_id (valid for 3 s) expires before they open. When Slack does not open it, the person
 * is told why (see formNotOpened).
 */
export async function openFromCommand(
  command: { ack: AckFn<string | RespondArguments>; client: WebClient; respond: RespondFn; logger: Logger },
  triggerId: string,
  name: string,
  build: () => Promise<Readonly<SlackViewDto>>,
): Promise<void> {
  let view;
  try {
    view = await build();
  } catch (error) {
    const text = refusalText(error);
    if (!text) throw error;
    await command.ack({ response_type: 'ephemeral', text });
    return;
  }
  await command.ack();
  try {
    await command.client.views.open({ trigger_id: triggerId, view });
  } catch (error) {
    await command.respond({
      response_type: 'ephemeral',
      text: formNotOpened(error, command.logger, `run \`${name}\``),
    });
  }
}
