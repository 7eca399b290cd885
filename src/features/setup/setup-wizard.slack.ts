import type { BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { personName } from '../../core/users.rules.ts';
import { z } from 'zod';
import { EMPTY_SETUP, type SetupState } from './setup.rules.ts';
import type { ActorRef } from '../../core/actors.ts';
import { companiesForNewUser } from '../../core/scope.ts';
import { checkSetupStep, SetupStepError } from './setup-checks.ts';
import { setupChoices } from './setup-choices.ts';
import { setUpUser } from './setup-user.ts';
import { readStep } from './read-setup-step.slack.ts';
import { actorOf } from '../../slack/actor.ts';
import { HOME_ACTIONS } from '../users/index.ts';
import { freeNumbersOf, numberOptions } from '../telephony/index.ts';
import {
  detailsStep,
  equipmentStep,
  SETUP_BACK_ACTION,
  SETUP_BLOCKS,
  SETUP_NUMBER_ACTION,
  SETUP_VIEWS,
  telephonyStep,
} from './setup-wizard.blocks.ts';
import { messageModal } from '../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { readEmailToFill } from '../../slack/answer-command.ts';
import { answerClick } from '../../slack/answer-click.ts';
import { answerOptions } from '../../slack/answer-options.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';
import { openFromClick } from '../../slack/open-from-click.ts';
import { openFromCommand } from '../../slack/open-from-command.ts';
import { BrokenPayload, formOutOfDate, readPayload } from '../../slack/metadata.ts';

export const COMMAND = '/setupuser';
const USAGE =
  'Usage: `/setupuser` or `/setupuser name@example.com` to fill in the email — then the wizard: who, number and packages, device and location.';
type Step = 1 | 2 | 3;
const STEPS: Step[] = [1, 2, 3];
const FIRST_FIELD: Record<Step, string> = { 1: SETUP_BLOCKS.firstName, 2: SETUP_BLOCKS.number, 3: SETUP_BLOCKS.device };

/** What the wizard keeps between steps: SetupState's fields, each optional, with their types. */
const savedState = z.object({
  details: z
    .object({
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      loginId: z.string(),
      organizationId: z.string(),
    })
    .partial()
    .optional(),
  telephony: z
    .object({ number: z.string(), extension: z.string(), station: z.string(), applications: z.array(z.string()) })
    .partial()
    .optional(),
  equipment: z.object({ deviceId: z.string(), ports: z.string(), locationId: z.string() }).partial().optional(),
});

/**
 * The wizard's state from a view's private metadata (none: the first step, empty); it carries no
 * authority (the use cases check all).
 */
function stateOf(privateMetadata: string | undefined): SetupState {
  const parsed = (
    privateMetadata ? readPayload(savedState, privateMetadata, 'set-up wizard metadata') : {}
  ) as Partial<SetupState>;
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
export function register(app: Listeners, { db, settings }: SlackDeps): void {
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

  app.command(COMMAND, (args) =>
    openFromCommand(args, async () => {
      const prefill = readEmailToFill(args.command.text, USAGE, { asTyped: true });
      if (prefill.answer !== undefined) return prefill.answer;
      return firstStep(actorOf(args.context), prefill.email);
    }),
  );

  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.setUpUser, (args) =>
    openFromClick(args, () => firstStep(actorOf(args.context)), 'That button is out of date; open the Home tab again.'),
  );

  for (const step of STEPS) {
    app.view<ViewSubmitAction>(SETUP_VIEWS[step], ({ ack, view, context }) =>
      answerSubmission(
        ack,
        async () => {
          const actor = actorOf(context);
          const state = readStep(step, view.state.values as never, stateOf(view.private_metadata));
          try {
            if (step < 3) {
              await checkSetupStep(db, settings, actor, step, state);
              return { response_action: 'update', view: await viewFor((step + 1) as Step, state, actor) };
            }
            const done = await setUpUser(db, settings, actor, state);
            return {
              response_action: 'update',
              view: messageModal(
                'User set up',
                `${personName(done)} is set up in ${done.company}: ${done.given.join(', ') || 'no telephony yet'}. Their welcome goes out now — a Slack DM if they are in this workspace, an email otherwise.`,
              ),
            };
          } catch (error) {
            // Taken on an earlier step while the wizard was open: go back there, saying what and why.
            if (!(error instanceof SetupStepError) || error.step === step) throw error;
            const notice = Object.values(error.fields).join(' ');
            return { response_action: 'update', view: await viewFor(error.step, state, actor, notice) };
          }
        },
        {
          blocks: SETUP_BLOCKS,
          fallback: FIRST_FIELD[step],
          title: 'Can’t set up',
          broken: formOutOfDate('with /setupuser'),
        },
      ),
    );
  }

  app.action<BlockAction<ButtonAction>>(SETUP_BACK_ACTION, (args) =>
    answerClick(args, async () => {
      const view = args.body.view;
      if (!view) throw new BrokenPayload('click outside the set-up wizard');
      const step = stepOf(view.callback_id);
      if (step === 1) return;
      const state = readStep(step, view.state.values as never, stateOf(view.private_metadata));
      await args.client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: await viewFor((step - 1) as Step, state, actorOf(args.context)),
      });
    }),
  );

  app.options(SETUP_NUMBER_ACTION, ({ ack, options, body, context }) =>
    answerOptions(ack, async () => {
      const state = stateOf((body as { view?: { private_metadata?: string } }).view?.private_metadata);
      return numberOptions(await freeNumbersOf(db, actorOf(context), state.details.organizationId, options.value));
    }),
  );
}
