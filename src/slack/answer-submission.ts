import type { AckFn, ViewResponseAction } from '@slack/bolt';
import type { SlackViewDto } from 'slack-block-builder';
import { ValidationError } from '../core/errors.ts';
import { messageModal } from './modals.blocks.ts';
import { refusalMessage, somethingWentWrong } from './respond-error.ts';
import { fieldErrorsToBlocks } from './field-errors.ts';
import { formOutOfDate } from './metadata.ts';

interface SubmitOptions {
  /** Field name → block id, so each field's error shows on its own input. */
  blocks: Readonly<Record<string, string>>;
  /** The block that takes errors of fields the form has no block for (and "something went wrong"). */
  fallback: string;
  /** The title of the modal that explains a refusal. */
  title: string;
  /** What to say when the form's private_metadata can't be read (BrokenPayload); `formOutOfDate()` by default. */
  broken?: string;
  /**
   * A view to show instead of the refusal (e.g. a stale form again, with the current values);
   * when building it is refused in turn, the first refusal is shown.
   */
  viewFor?: (error: unknown) => Promise<Readonly<SlackViewDto> | undefined>;
}

/** The answer to a submission that `work` refused, or undefined when its error is unexpected. */
async function refusalAnswer(error: unknown, options: SubmitOptions): Promise<ViewResponseAction | undefined> {
  if (error instanceof ValidationError) {
    return { response_action: 'errors', errors: fieldErrorsToBlocks(error.fields, options.blocks, options.fallback) };
  }
  const message = refusalMessage(error, options.broken ?? formOutOfDate());
  if (message === undefined) return undefined;
  const view = await options.viewFor?.(error).catch((later: unknown) => {
    if (refusalMessage(later) === undefined) throw later;
    return undefined;
  });
  return { response_action: 'update', view: view ?? messageModal(options.title, message) };
}

/**
 * Answers a modal submission: `work` calls the use case and may return a response (e.g. a view to
 * show next); field errors go back inline, any other refusal replaces the modal with its
 * explanation (or `viewFor`'s view), a form whose metadata can't be read says `broken`. Anything
 * unexpected is answered on the form — "something went wrong", on the `fallback` block, so what
 * was typed stays and can be sent again — and rethrown to the app's one error handler, which
 * logs it (a submission's answer is its ack: the handler can't answer it any more).
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
    let answer: ViewResponseAction | undefined;
    let unexpected: unknown = error;
    try {
      answer = await refusalAnswer(error, options);
    } catch (later) {
      unexpected = later;
    }
    if (answer) {
      await ack(answer);
      return;
    }
    await ack({ response_action: 'errors', errors: { [options.fallback]: somethingWentWrong(unexpected) } });
    throw unexpected;
  }
  await ack(response ?? undefined);
}
