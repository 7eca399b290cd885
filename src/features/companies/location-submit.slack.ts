import type { ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { z } from 'zod';
import { saveLocation } from './locations.ts';
import { actorOf } from '../../slack/actor.ts';
import { LOCATION_BLOCKS, LOCATION_VIEW } from './locations.blocks.ts';
import { COMPANY_ACTION } from './company-picker.blocks.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { formOutOfDate, readPayload } from '../../slack/metadata.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';

/** The location a form edits (none: a new one). */
const meta = z.object({ id: z.string().nullish() });

/** Saving a location: re-authorized, inline errors. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(LOCATION_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const values = view.state.values;
        const location = readPayload(meta, view.private_metadata, 'location form metadata');
        await saveLocation(db, settings, actorOf(context), {
          id: location.id ?? undefined,
          companyId: values[LOCATION_BLOCKS.companyId]?.[COMPANY_ACTION]?.selected_option?.value ?? '',
          name: values[LOCATION_BLOCKS.name]?.[VALUE]?.value ?? '',
          address: values[LOCATION_BLOCKS.address]?.[VALUE]?.value ?? '',
        });
      },
      {
        blocks: LOCATION_BLOCKS,
        fallback: LOCATION_BLOCKS.name,
        title: 'Can’t save',
        broken: formOutOfDate('with /locations'),
      },
    ),
  );
}
