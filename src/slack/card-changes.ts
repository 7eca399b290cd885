import type { App, BlockAction, StaticSelectAction, ViewSubmitAction } from '@slack/bolt';
import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import { z } from 'zod';
import { FREE_DEVICES, monthlyDeviceFeeCents } from '../domain/devices.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { setUserApplications } from '../services/applications.ts';
import { setGroups } from '../services/call-groups.ts';
import { assignDevice, DeviceFeeConfirmationNeeded } from '../services/devices.ts';
import { showUser, type UserCard } from '../services/directory.ts';
import { extensionOverview, setExtension } from '../services/extensions.ts';
import { setUserLocation } from '../services/locations.ts';
import { setupChoices, type SetupChoices } from '../services/setup-user.ts';
import { setStation } from '../services/stations.ts';
import type { ActorRef } from '../services/actors.ts';
import { actorOf } from './actor.ts';
import { openFromClick } from './open-from-click.ts';
import { NONE } from './blocks/setup-wizard.ts';
import {
  CHANGE_MENU_ACTION,
  CHANGE_TITLES,
  CHANGEABLE,
  deviceFeeBlock,
  FEE_BLOCK,
  type Changeable,
} from './blocks/card-changes.ts';
import { VALUE } from './blocks/user-form.ts';
import type { SlackDeps } from './deps.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { readTarget, safeJson } from './views/metadata.ts';
import { answerSubmission } from './views/submit.ts';

export const CARD_CHANGE_VIEW = 'card_change';
const FIELD = 'field';
/** `fee`: the device form has the fee checkbox (one more device costs a monthly fee). */
const metadata = z.object({ email: z.string(), what: z.enum(CHANGEABLE), fee: z.boolean().optional() });

const option = (value: string, text = value) => Bits.Option({ value, text: text.slice(0, 75) });

function field(what: Changeable, card: UserCard, choices: SetupChoices) {
  const select = (all: { value: string; text: string }[], current: string | null, none: string) => {
    const options = [option(NONE, none), ...all.slice(0, 99).map((choice) => option(choice.value, choice.text))];
    const chosen = all.find((choice) => choice.value === current);
    return Elements.StaticSelect({ actionId: VALUE })
      .options(options)
      .initialOption(chosen ? option(chosen.value, chosen.text) : option(NONE, none));
  };
  const multi = (all: string[], current: string[]) => {
    const element = Elements.StaticMultiSelect({ actionId: VALUE, placeholder: 'None' }).options(
      all.map((name) => option(name)),
    );
    const chosen = all.filter((name) => current.includes(name));
    return chosen.length ? element.initialOptions(chosen.map((name) => option(name))) : element;
  };
  switch (what) {
    case 'extension': {
      const input = Elements.TextInput({ actionId: VALUE, placeholder: 'digits, or next' });
      if (card.extension) input.initialValue(card.extension);
      return Blocks.Input({ label: 'Extension', blockId: FIELD })
        .optional(true)
        .hint('Empty: no extension. “next”: the next free one.')
        .element(input);
    }
    case 'station':
      return Blocks.Input({ label: 'Station', blockId: FIELD }).element(
        select(
          choices.stations.map((s) => ({ value: s.name, text: `${s.name} (${s.free} free)` })),
          card.station,
          'No station',
        ),
      );
    case 'location':
      return Blocks.Input({ label: 'Location', blockId: FIELD }).element(
        select(
          choices.locations.map((l) => ({ value: l.name, text: l.name })),
          card.location,
          'No location',
        ),
      );
    case 'applications':
      return Blocks.Input({ label: 'Applications', blockId: FIELD })
        .optional(true)
        .element(multi(choices.applications, card.applications));
    case 'groups':
      return Blocks.Input({ label: 'Call groups', blockId: FIELD })
        .optional(true)
        .element(multi(choices.groups, card.groups));
    case 'device':
      return Blocks.Input({ label: 'Device', blockId: FIELD }).element(
        select(
          choices.devices.map((d) => ({ value: d.id, text: d.label })),
          null,
          'Choose a device',
        ),
      );
  }
}

/**
 * "Change…" on a user card (Admins): a small form for one thing the user holds — extension,
 * station, location, applications, call groups, or a device to add (a third one asks to accept
 * its monthly fee first). Each calls the service that /extensions, /stations, … call.
 */
export function register(app: App, { db, settings }: SlackDeps): void {
  /** What the extension form shows: the company's policy, what is taken and by whom, the next free one. */
  const extensionsTaken = async (actor: ActorRef, company: string) => {
    const overview = await extensionOverview(db, actor, company);
    const taken = overview.taken.slice(0, 20).map((row) => `${row.extension} ${escapeMrkdwn(row.user)}`);
    const more = overview.taken.length > taken.length ? ` and ${overview.taken.length - taken.length} more` : '';
    return `${overview.policy.min}–${overview.policy.max} digits · next free: ${overview.nextFree ?? 'none'} · taken: ${taken.join(', ') || 'none'}${more}`;
  };

  app.action<BlockAction<StaticSelectAction>>(
    CHANGE_MENU_ACTION,
    async ({ ack, action, body, context, client, respond, logger }) => {
      await ack();
      const picked = safeJson(action.selected_option.value) as { what?: Changeable } | undefined;
      const target = readTarget(action.selected_option.value);
      await openFromClick(
        { client, respond, logger, triggerId: body.trigger_id },
        async () => {
          if (!target || !picked?.what || !CHANGEABLE.includes(picked.what)) throw new Error('broken');
          const actor = actorOf(context);
          const card = await showUser(db, actor, target.id);
          const choices = await setupChoices(db, actor, card.organizationId);
          const what = picked.what;
          // The device form asks to accept the fee when one more device would cost one.
          const feeAsked =
            what === 'device' && monthlyDeviceFeeCents(card.devices.length + 1, settings.deviceFeeCents) > 0;
          return Modal({
            title: CHANGE_TITLES[what],
            submit: 'Save',
            close: 'Cancel',
            callbackId: CARD_CHANGE_VIEW,
          })
            .privateMetaData(JSON.stringify({ email: card.email, what, ...(feeAsked ? { fee: true } : {}) }))
            .blocks(
              Blocks.Section({ text: `*${escapeMrkdwn(card.fullName)}* · ${escapeMrkdwn(card.companyPath)}` }),
              field(what, card, choices),
              ...(what === 'extension' ? [Blocks.Context().elements(await extensionsTaken(actor, card.company))] : []),
              ...(what === 'device'
                ? [deviceFeeBlock({ fullName: card.fullName, devices: card.devices.length }, settings.deviceFeeCents)]
                : []),
            )
            .buildToObject();
        },
        'That menu is broken; open the user again with /users.',
      );
    },
  );

  app.view<ViewSubmitAction>(CARD_CHANGE_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const target = metadata.parse(safeJson(view.private_metadata));
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
      },
    ),
  );
}
