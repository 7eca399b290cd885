import type { ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { z } from 'zod';
import { parseDuration } from '../../core/durations.rules.ts';
import { ValidationError } from '../../core/errors.ts';
import { decideAdminRequest } from './decide-request.ts';
import { requestAdmin } from './request-admin.ts';
import { actorOf } from '../../slack/actor.ts';
import { DENY_BLOCKS, DENY_VIEW, REQUEST_ADMIN_VIEW, REQUEST_BLOCKS } from './admin-rights.blocks.ts';
import { messageModal, VALUE } from '../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { readId, readPayload } from '../../slack/metadata.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';
import { plural } from '../../core/words.rules.ts';

const target = z.union([
  z.object({ email: z.string() }),
  z.object({ slackUserId: z.string() }),
  z.object({ userId: z.string() }),
]);

/** Submitting a request for admin rights, and a denial with its comment. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(REQUEST_ADMIN_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const values = view.state.values;
        const typedDuration = (values[REQUEST_BLOCKS.duration]?.[VALUE]?.value ?? '').trim();
        const duration = typedDuration ? parseDuration(typedDuration) : undefined;
        if (duration && !duration.ok) throw new ValidationError(duration.errors);
        const who = readPayload(target, view.private_metadata, 'request form metadata');
        const request = await requestAdmin(db, settings, actorOf(context), {
          target: who,
          reason: values[REQUEST_BLOCKS.reason]?.[VALUE]?.value ?? '',
          grantMinutes: duration?.ok ? duration.value : undefined,
        });
        return {
          response_action: 'update',
          view: messageModal(
            'Requested',
            `Admin rights for ${request.target.fullName} were requested. Approvers decide in Slack (${plural(request.required, 'approval')} needed); you'll get a message with the outcome.`,
          ),
        };
      },
      { blocks: REQUEST_BLOCKS, fallback: REQUEST_BLOCKS.reason, title: 'Can’t request' },
    ),
  );

  app.view<ViewSubmitAction>(DENY_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const comment = view.state.values[DENY_BLOCKS.comment]?.[VALUE]?.value ?? '';
        const requestId = readId(view.private_metadata, 'deny form metadata');
        const result = await decideAdminRequest(db, settings, actorOf(context), requestId, {
          approve: false,
          comment,
        });
        return {
          response_action: 'update',
          view: messageModal('Denied', `You denied admin rights for ${result.target.fullName}.`),
        };
      },
      { blocks: DENY_BLOCKS, fallback: DENY_BLOCKS.comment, title: 'Can’t deny' },
    ),
  );
}
