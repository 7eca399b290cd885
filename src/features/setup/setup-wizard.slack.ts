import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { EMPTY_SETUP, type SetupState } from './setup.rules.ts';
import type { ActorRef } from '../../core/actors.ts';
import { companiesForNewUser } from '../../core/scope.ts';
import { checkSetupStep, freeNumbersOf, setUpUser, setupChoices, SetupStepError } from './setup-user.ts';
import { actorOf } from '../../slack/actor.ts';
import { HOME_ACTIONS } from '../users/index.ts';
import { numberOptions } from '../telephony/index.ts';
import {
  detailsStep,
  equipmentStep,
  readStep,
  SETUP_BACK_ACTION,
  SETUP_BLOCKS,
  SETUP_NUMBER_ACTION,
  SETUP_VIEWS,
  telephonyStep,
} from './setup-wizard.blocks.ts';
import { messageModal } from '../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { readEmailToFill } from '../../slack/answer-command.ts';
import { openFromCommand } from '../../slack/open-from-command.ts';
import { refusalMessage } from '../../slack/respond-error.ts';
import { fieldErrorsToBlocks } from '../../slack/field-errors.ts';
import { safeJson } from '../../slack/metadata.ts';

export const COMMAND = '/setupuser';
const USAGE =
  'Usage: `/setupuser` or `/setupuser name@example.com` to fill in the email — then the wizard: who, number and packages, device and location.';
type Step = 1 | 2 | 3;
const STEPS: Step[] = [1, 2, 3];
const FIRST_FIELD: Record<Step, string> = { 1: SETUP_BLOCKS.firstName, 2: SETUP_BLOCKS.number, 3: SETUP_BLOCKS.device };

/** The wizard's state from a view's private metadata; it carries no authority (the services check all). */
function stateOf(privateMetadata: string | undefined): SetupState {
  const parsed = (safeJson(privateMetadata) ?? {}) as Partial<SetupState>;
  return {
    details: { ...EMPTY_SETUP.details, ...parsed.details },
    telephony: { ...EMPTY_SETUP.telephony, ...parsed.telephony },
    equipment: { ...EMPTY_SETUP.equipment, ...parsed.equipment },
  };
}

const stepOf = (callbackId: string) => STEPS.find((step) => SETUP_VIEWS[step] === callbackId) ?? 1;

/**
 * CallStream's "Set up a user", from /setupuser or App Home: who → number or extension, station,
 * applications → device, ports, location → Save. Each step is checked before the next; ‹ Back
 * keeps what was typed; the steps replace each other in one modal (views.update), so the stack
 * never grows. Save commits everything at once, or says what was taken meanwhile and where.
 */
export function register(app: App, { db, settings }: SlackDeps): void {
  async function viewFor(step: Step, state: SetupState, actor: ActorRef, notice?: string) {
    if (step === 1) {
      const choices = await companiesForNewUser(db, actor);
      const selected = choices.companies.find((c) => c.id === state.details.organizationId) ?? choices.own;
      return detailsStep(state, { selected, companies: choices.companies, totalCompanies: choices.total }, notice);
    }
    const choices = await setupChoices(db, actor, state.details.organizationId);
    return step === 2 ? telephonyStep(state, choices, notice) : equipmentStep(state, choices, notice);
  }

  const firstStep = (actor: ActorRef, email = '') =>
    viewFor(1, { ...EMPTY_SETUP, details: { ...EMPTY_SETUP.details, email } }, actor);

  app.command(COMMAND, async ({ command, ack, context, client, respond, logger }) => {
    const prefill = readEmailToFill(command.text, USAGE, { asTyped: true });
    if (prefill.answer !== undefined) {
      await ack({ response_type: 'ephemeral', text: prefill.answer });
      return;
    }
    await openFromCommand({ ack, client, respond, logger }, command.trigger_id, COMMAND, () =>
      firstStep(actorOf(context), prefill.email),
    );
  });

  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.setUpUser, async ({ ack, body, context, client }) => {
    await ack();
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: await firstStep(actorOf(context)) });
    } catch (error) {
      const message = refusalMessage(error);
      if (message === undefined) throw error;
      await client.views.open({ trigger_id: body.trigger_id, view: messageModal('Not allowed', message) });
    }
  });

  for (const step of STEPS) {
    app.view<ViewSubmitAction>(SETUP_VIEWS[step], async ({ ack, view, context }) => {
      const actor = actorOf(context);
      const state = readStep(step, view.state.values as never, stateOf(view.private_metadata));
      try {
        if (step < 3) {
          await checkSetupStep(db, settings, actor, step, state);
          await ack({ response_action: 'update', view: await viewFor((step + 1) as Step, state, actor) });
          return;
        }
        const done = await setUpUser(db, settings, actor, state);
        await ack({
          response_action: 'update',
          view: messageModal(
            'User set up',
            `${done.fullName} (${done.email}) is set up in ${done.company}: ${done.given.join(', ') || 'no telephony yet'}. Their welcome goes out now — a Slack DM if they are in this workspace, an email otherwise.`,
          ),
        });
      } catch (error) {
        if (error instanceof SetupStepError && error.step === step) {
          await ack({
            response_action: 'errors',
            errors: fieldErrorsToBlocks(error.fields, SETUP_BLOCKS, FIRST_FIELD[step]),
          });
        } else if (error instanceof SetupStepError) {
          // Taken on an earlier step while the wizard was open: go back there, saying what and why.
          const notice = Object.values(error.fields).join(' ');
          await ack({ response_action: 'update', view: await viewFor(error.step, state, actor, notice) });
        } else {
          const message = refusalMessage(error);
          if (message === undefined) throw error;
          await ack({ response_action: 'update', view: messageModal('Can’t set up', message) });
        }
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(SETUP_BACK_ACTION, async ({ ack, body, context, client }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const step = stepOf(view.callback_id);
    if (step === 1) return;
    const state = readStep(step, view.state.values as never, stateOf(view.private_metadata));
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: await viewFor((step - 1) as Step, state, actorOf(context)),
    });
  });

  app.options(SETUP_NUMBER_ACTION, async ({ ack, options, body, context }) => {
    const state = stateOf((body as { view?: { private_metadata?: string } }).view?.private_metadata);
    const numbers = await freeNumbersOf(db, actorOf(context), state.details.organizationId, options.value).catch(
      () => [],
    );
    await ack(numberOptions(numbers));
  });
}
