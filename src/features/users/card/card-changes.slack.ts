import type { BlockAction, StaticSelectAction, ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../../slack/listeners.ts';
import { z } from 'zod';
import { FREE_DEVICES } from '../../telephony/index.ts';
import { ConflictError, ValidationError } from '../../../core/errors.ts';
import { setUserApplications } from '../../telephony/index.ts';
import { setGroups } from '../../telephony/index.ts';
import { assignDevice, DeviceFeeConfirmationNeeded } from '../../telephony/index.ts';
import { showUser } from '../directory/directory.ts';
import { extensionOverview, setExtension } from '../../telephony/index.ts';
import { setUserLocation } from '../../companies/index.ts';
import { setupChoices } from '../../setup/index.ts';
import { setStation } from '../../licenses/index.ts';
import { actorOf } from '../../../slack/actor.ts';
import { openFromClick } from '../../../slack/open-from-click.ts';
import { NONE } from '../../setup/index.ts';
import {
  CARD_CHANGE_FIELD as FIELD,
  CARD_CHANGE_VIEW,
  cardChangeModal,
  CHANGE_MENU_ACTION,
  CHANGEABLE,
  FEE_BLOCK,
} from './card-changes.blocks.ts';
import { VALUE } from '../../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { formOutOfDate, readPayload } from '../../../slack/metadata.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';

export { CARD_CHANGE_VIEW };

/**
 * "Change…" on a user card (Admins): a small form for one thing the user holds — extension,
 * station, location, applications, call groups, or a device to add (a third one asks to accept
 * its monthly fee first). Each calls the service that /extensions, /stations, … call.
 */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  // Built here, not on import: the slices import each other (card-changes.blocks.ts → telephony →
  // users), so CHANGEABLE may not be initialized yet while this module loads.
  /** An option of the Change… menu: the user (id, version) and what to change. */
  const menuOption = z.object({ id: z.string(), v: z.number().int(), what: z.enum(CHANGEABLE) });
  /** A change form's metadata; `fee`: the device form has the fee checkbox (one more device costs a monthly fee). */
  const metadata = z.object({ email: z.string(), what: z.enum(CHANGEABLE), fee: z.boolean().optional() });

  app.action<BlockAction<StaticSelectAction>>(CHANGE_MENU_ACTION, (args) =>
    openFromClick(
      args,
      async () => {
        const { id, what } = readPayload(menuOption, args.action.selected_option?.value ?? '', 'Change… menu option');
        const actor = actorOf(args.context);
        const card = await showUser(db, actor, id);
        const choices = await setupChoices(db, actor, card.organizationId);
        return cardChangeModal({
          what,
          card,
          choices,
          extensions: what === 'extension' ? await extensionOverview(db, actor, card.company) : undefined,
          feeCents: settings.deviceFeeCents,
        });
      },
      'That menu is broken; open the user again with /users.',
    ),
  );

  app.view<ViewSubmitAction>(CARD_CHANGE_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const target = readPayload(metadata, view.private_metadata, 'change form metadata');
        const actor = actorOf(context);
        const state = view.state.values[FIELD]?.[VALUE];
        const chosen = state?.selected_option?.value === NONE ? null : (state?.selected_option?.value ?? null);
        const many = (state?.selected_options ?? []).map((o) => o.value);
        const email = target.email;
        switch (target.what) {
          case 'extension': {
            const typed = (state?.value ?? '').trim();
            await setExtension(db, actor, {
              email,
              extension: typed ? (typed.toLowerCase() === 'next' ? 'next' : typed) : null,
            });
            break;
          }
          case 'station':
            await setStation(db, settings, actor, { email, station: chosen });
            break;
          case 'location':
            await setUserLocation(db, settings, actor, { email, location: chosen });
            break;
          case 'applications':
            await setUserApplications(db, actor, { email, applications: many });
            break;
          case 'groups':
            await setGroups(db, actor, { email, groups: many });
            break;
          case 'device': {
            const acceptFee =
              target.fee === true && (view.state.values[FEE_BLOCK]?.[VALUE]?.selected_options ?? []).length > 0;
            if (!chosen) throw new ValidationError({ device: 'Choose a device.' });
            await assignDevice(db, settings, actor, { email, device: { id: chosen }, acceptFee }).catch(
              (error: unknown) => {
                if (error instanceof DeviceFeeConfirmationNeeded && target.fee)
                  throw new ValidationError({ fee: error.message });
                if (error instanceof DeviceFeeConfirmationNeeded) {
                  // The form said there was no fee: someone gave the user a device meanwhile.
                  throw new ValidationError({
                    device: `${error.user} got another device meanwhile, so this would be device ${error.devices}: devices beyond ${FREE_DEVICES} cost ${error.monthlyFee} a month in all. Open Add a device again to accept the fee.`,
                  });
                }
                // Taken by someone else meanwhile, or of another company: say so on the field.
                throw error instanceof ConflictError ? new ValidationError({ device: error.message }) : error;
              },
            );
          }
        }
      },
      {
        blocks: {
          extension: FIELD,
          station: FIELD,
          product: FIELD,
          location: FIELD,
          applications: FIELD,
          group: FIELD,
          device: FIELD,
          fee: FEE_BLOCK,
        },
        fallback: FIELD,
        title: 'Can’t change',
        broken: formOutOfDate('from /users'),
      },
    ),
  );
}
