import type { AckFn, ViewResponseAction } from '@slack/bolt';
import type { SlackViewDto } from 'slack-block-builder';
import { ValidationError } from '../core/errors.ts';
import { messageModal } from './modals.blocks.ts';
import { refusalMessage } from './respond-error.ts';
import { fieldErrorsToBlocks } from './field-errors.ts';

export interface SubmitOptions {
  /** Field name → block id, so each field's error shows on its own input. */
  blocks: Readonly<Record<string, string>>;
  /** The block that takes errors of fields the form has no block for. */
  fallback: string;
  /** The title of the modal that explains a refusal. */
  title: string;
  /** A view to show instead of the refusal (e.g. a stale form again, with the current values). */
  viewFor?: (error: unknown) => Promise<Readonly<SlackViewDto> | undefined>;
}

/**
 * Answers a modal submission: `work` calls the service and may return a response (e.g. a view to
 * show next); field errors go back inline, any other refusal replaces the modal with its
 * explanation, and an unexpected error is rethrown for Bolt to log.
 */
export async function answerSubmission(
  ack: AckFn<ViewResponseAction>,
  work: () => Promise<ViewResponseAction | void>,
  options: SubmitOptions,
): Promise<void> {
  let response: ViewResponseAction | void;
  try {
    response = await work();
  } catch (error) {
    if (error instanceof ValidationError) {
      await ack({
        response_action: 'errors',
        errors: fieldErrorsToBlocks(error.fields, options.blocks, options.fallback),
      });
      return;
    }
    const view = await options.viewFor?.(error);
    if (view) {
      await ack({ response_action: 'update', view });
      return;
    }
    const message = refusalMessage(error);
    if (message === undefined) throw error;
    await ack({ response_action: 'update', view: messageModal(options.title, message) });
    return;
  }
  await ack(response ?? undefined);
}
