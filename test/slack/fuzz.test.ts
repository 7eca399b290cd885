import { Listeners } from '../../src/slack/listeners.ts';
import { WebClient } from '@slack/web-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SLASH_COMMANDS } from '../../src/slack/app.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER } from '../support/fixtures.ts';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness.ts';
import { LEVEL } from '../support/log-lines.ts';
import { waitFor } from '../support/wait.ts';
import {
  type ActionPayload,
  type ClickPlace,
  interactionBody,
  postSigned,
  type SlackPerson,
  type SlackResponse,
  type StateValues,
} from '../support/slack-requests.ts';

// Property-based fuzzing of every Slack surface the app registers (issue 12): a thousand and more
// correctly signed requests — malformed, oversized, full of NUL, control and bidi characters, and
// `%`, `_`, `\` — to every slash command, action, view and menu search. Whatever comes in: no 5xx,
// the process keeps answering, and a Slack user linked to no stored user changes nothing in the
// database. FUZZ_RUNS sets the requests per surface and actor (default 100: about 1,000 requests and
// a minute on two cores; FUZZ_RUNS=500 for a longer hunt). FUZZ_SEED replays a run.
//
// The surfaces are what the app registers: Bolt's App is watched while the app starts, so every
// `app.command`, `app.action`, `app.view` and `app.options` of every slice is fuzzed, new ones too.
// Forms are filled in through the input blocks the app itself showed (collected from the fake
// Slack's views), with values of the element's type.

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** A pass's time limit: generous, as the whole suite shares two cores with it. */
const PASS_TIMEOUT_MS = 60_000 + RUNS * 600;
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

type Constraint = string | RegExp | { action_id?: string | RegExp; callback_id?: string | RegExp; block_id?: string };
const registered = {
  commands: [] as string[],
  actions: [] as Constraint[],
  views: [] as Constraint[],
  options: [] as Constraint[],
};

let t: TestApp;
let slackApi: WebClient;
let admin: Awaited<ReturnType<typeof seedUser>>;
/** Row ids that exist, so some fuzzed values reach past "no such user" into the use cases. */
const knownIds: string[] = [];

beforeAll(async () => {
  const watched = {
    commands: vi.spyOn(Listeners.prototype, 'command'),
    actions: vi.spyOn(Listeners.prototype, 'action'),
    views: vi.spyOn(Listeners.prototype, 'view'),
    options: vi.spyOn(Listeners.prototype, 'options'),
  };
  t = await startTestApp();
  slackApi = new WebClient(BOT_TOKEN, { slackApiUrl: t.slack.apiUrl, retryConfig: { retries: 0 } });
  for (const [surface, spy] of Object.entries(watched)) {
    (registered as Record<string, unknown[]>)[surface] = spy.mock.calls.map((call) => call[0]);
    spy.mockRestore();
  }
  const acme = await seedOrganization(t.db, 'Acme');
  const beta = await seedOrganization(t.db, 'Beta Ltd', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  const member = await seedUser(t.db, beta.id, { firstName: 'Ada', lastName: 'Lovelace' });
  const product = await t.db.product.create({ data: { name: 'Meet', key: 'meet' } });
  await t.db.licensePool.create({ data: { organizationId: beta.id, productId: product.id, seats: 2 } });
  const location = await t.db.location.create({ data: { organizationId: beta.id, name: 'Berlin', key: 'berlin' } });
  const number = await t.db.phoneNumber.create({ data: { organizationId: beta.id, number: '+15555550100' } });
  knownIds.push(acme.id, beta.id, admin.id, member.id, product.id, location.id, number.id);
  await explore();
}, 120_000);
afterAll(() => t.stop());

// ---------------------------------------------------------------------------------------------
// Values

/** Characters that break things: NUL and other controls, bidi overrides, zero-width, LIKE's own. */
const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\ufffd',
  '%',
  '_',
  '\\',
  '"',
  "'",
  '<',
  '>',
  '&',
  '*',
  '`',
  '|',
  '\n',
  '\r',
  '\t',
  ' ',
  'a',
  'Z',
  '0',
  '9',
  '@',
  '.',
  '-',
  '+',
  'é',
  'ß',
  '漢',
  '😀',
];
const KB100 = 100 * 1024;
const HUGE = [
  'x'.repeat(KB100),
  '\u0000'.repeat(KB100),
  '%_\\'.repeat(KB100 / 3),
  '\u202e'.repeat(KB100),
  ('ada@example.com ' + '\u0000').repeat(KB100 / 17),
  '😀'.repeat(KB100 / 2),
];
const WORDS = [
  '',
  ' ',
  'help',
  'add',
  'remove',
  'list',
  'assign',
  'unassign',
  'rename',
  'set',
  'all',
  '--since',
  '7d',
  '1h',
  'ada@example.com',
  'grace@example.com',
  '@ada',
  '<@U0ADA|ada>',
  '<mailto:a@b.c|a@b.c>',
  '+15555550100',
  '100',
  '%',
  '_',
  '\\',
  '%%',
  '\\%_',
  'a%b_c\\d',
  '\u0000',
  'Ada\u0000',
  '\u202eedoc',
  '*bold*',
  '<!channel>',
  'null',
];

const nastyText = fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 40 });
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const huge = fc.constantFrom(...HUGE);
/** Mostly short nasty text, now and then 100 kB of it (big values are slow to send, so rarer). */
const nastyOrHuge = fc.oneof({ arbitrary: nastyText, weight: 6 }, { arbitrary: huge, weight: 1 });
const word = fc.constantFrom(...WORDS);
const id = () =>
  fc.oneof(fc.constantFrom(...knownIds), fc.uuid(), fc.constantFrom('not-a-uuid', '', '0', '-1', 'U0ADA'));

/** A value for any text-ish field: command text, inputs, metadata, button values. */
const text = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: nastyText, weight: 4 },
    { arbitrary: anyText, weight: 2 },
    { arbitrary: word, weight: 2 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: id(), weight: 2 },
    { arbitrary: payloadJson(), weight: 3 },
    { arbitrary: fc.json({ maxDepth: 2 }), weight: 1 },
  );

/** JSON like the app's own button values and metadata, with fuzzed fields (valid ids among them). */
const payloadJson = (): fc.Arbitrary<string> =>
  fc
    .record(
      {
        id: fc.oneof(id(), nastyOrHuge, fc.integer()),
        v: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.double(), nastyText),
        email: fc.oneof(fc.constantFrom('ada@example.com', 'x@y'), nastyOrHuge),
        what: fc.oneof(fc.constantFrom('number', 'device', 'license', 'location', 'role'), nastyText),
        rows: fc.oneof(fc.integer({ min: -2, max: 12 }), nastyText),
        userId: id(),
        slackUserId: fc.oneof(fc.constantFrom('U0ADA', 'U0STRANGER'), nastyText),
        details: fc.dictionary(fc.constantFrom('firstName', 'email', 'organizationId'), fc.oneof(nastyText, id())),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value));

// ---------------------------------------------------------------------------------------------
// The surfaces, from the app's registrations

/** A value the constraint matches (a RegExp's own strings, fuzzed). */
function matching(constraint: Constraint, key: 'action_id' | 'callback_id'): fc.Arbitrary<string> {
  const pattern = typeof constraint === 'object' && !(constraint instanceof RegExp) ? constraint[key] : constraint;
  if (pattern === undefined) return fc.constant('');
  return typeof pattern === 'string' ? fc.constant(pattern) : fc.stringMatching(pattern, { size: 'xsmall' });
}
const anyOf = (constraints: Constraint[], key: 'action_id' | 'callback_id') =>
  fc.oneof(...constraints.map((constraint) => matching(constraint, key)));

/** Input blocks of every form the app showed: callback_id → block id → element. */
const forms = new Map<string, Map<string, { actionId: string; type: string }>>();

/** A button or menu the app showed, as a click on it would carry it (its own values). */
interface Shown {
  action: ActionPayload;
  place: ClickPlace;
}
const shown = new Map<string, Shown>();

type Block = { type?: string; block_id?: string; element?: Element; accessory?: Element; elements?: Element[] };
type Element = {
  type?: string;
  action_id?: string;
  value?: string;
  options?: { value?: string }[];
  option_groups?: { options?: { value?: string }[] }[];
};

/** Learns the forms' input blocks and the clickable elements of every screen seen so far. */
function harvest(acks: unknown[] = []): void {
  const screens: { blocks: unknown; view?: Record<string, any> }[] = [];
  for (const call of t.slack.calls) {
    const view = (call.args as { view?: Record<string, any> }).view;
    if (view) screens.push({ blocks: view.blocks, view: t.slack.latestView(view.callback_id) ?? view });
    else screens.push({ blocks: call.args.blocks });
  }
  for (const response of t.slack.responses) screens.push({ blocks: response.body.blocks });
  for (const ack of acks) screens.push({ blocks: (ack as { blocks?: unknown } | undefined)?.blocks });
  for (const { blocks, view } of screens) {
    if (!Array.isArray(blocks)) continue;
    const place: ClickPlace = view
      ? {
          view: {
            id: String(view.id ?? 'V0FUZZ'),
            callbackId: String(view.callback_id ?? ''),
            values: {},
            privateMetadata: view.private_metadata,
          },
        }
      : {};
    for (const block of blocks as Block[]) {
      if (block.type === 'input' && view?.callback_id && block.block_id && block.element?.action_id) {
        const inputs = forms.get(view.callback_id) ?? new Map();
        inputs.set(block.block_id, { actionId: block.element.action_id, type: block.element.type ?? '' });
        forms.set(view.callback_id, inputs);
        continue;
      }
      for (const element of [block.accessory, block.element, ...(block.elements ?? [])]) {
        if (!element?.action_id || block.type === 'input') continue;
        const common = { action_id: element.action_id, block_id: block.block_id ?? 'b' };
        if (element.type === 'button') {
          const action = { type: 'button', ...common, value: element.value ?? '' } as ActionPayload;
          shown.set(JSON.stringify(action), { action, place });
        }
        const options = [...(element.options ?? []), ...(element.option_groups ?? []).flatMap((g) => g.options ?? [])];
        for (const option of options) {
          const action = { type: element.type, ...common, selected_option: { value: option.value ?? '' } };
          shown.set(JSON.stringify(action), { action: action as ActionPayload, place });
        }
      }
    }
  }
}

/** Clicks that change data at once: not clicked while exploring (the fuzz passes still send them). */
const CHANGES =
  /delete|deactivate|reactivate|remove|revoke|resend|cancel|deny|decline|approve|accept|end_grant|import|confirm|with_fee/;

/**
 * Explores the app as an admin would, to learn its forms and buttons: every command, then every
 * button and menu option it shows that only opens or shows something, breadth first.
 */
async function explore(): Promise<void> {
  const acks: unknown[] = [];
  for (const command of registered.commands) {
    for (const words of ['', 'ada', 'ada@example.com']) {
      const ack = await t.command(slackPersonOf(admin), command, words);
      acks.push(await ack.json().catch(() => undefined));
    }
  }
  await settle();
  harvest(acks);
  const clicked = new Set<string>();
  // Two rounds reach the forms: a command's list → a user's card → its buttons and menus.
  for (let round = 0; round < 2; round++) {
    const next = [...shown].filter(([key, click]) => !clicked.has(key) && !CHANGES.test(click.action.action_id));
    for (const [key, click] of next.slice(0, 50)) {
      clicked.add(key);
      await t.press(slackPersonOf(admin), click.action, click.place);
    }
    await settle();
    harvest();
  }
  t.slack.takeRefusals();
  t.log.lines.length = 0;
}

/** A filled-in element of `type`, as Slack sends it in view.state.values. */
function element(type: string): fc.Arbitrary<Record<string, unknown>> {
  const option = text().map((value) => ({ text: { type: 'plain_text', text: 'x' }, value }));
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return fc.record({ type: fc.constant(type), selected_option: fc.option(option, { nil: null }) });
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return fc.record({ type: fc.constant(type), selected_options: fc.array(option, { maxLength: 4 }) });
    case 'file_input':
      return fc.record({
        type: fc.constant(type),
        files: fc.array(
          fc.record({
            id: text(),
            name: text(),
            size: fc.integer({ min: -1, max: 20_000_000 }),
            filetype: fc.constantFrom('csv', 'text', 'png'),
          }),
          { maxLength: 2 },
        ),
      });
    case 'users_select':
      return fc.record({ type: fc.constant(type), selected_user: fc.option(text(), { nil: null }) });
    default:
      return fc.record({ type: fc.constant(type), value: fc.option(text(), { nil: null }) });
  }
}

/** view.state.values for a form: its own inputs when the app showed it, else made-up blocks. */
function stateFor(callbackId: string): fc.Arbitrary<StateValues> {
  const inputs = [...(forms.get(callbackId) ?? [])];
  if (!inputs.length) {
    return fc.dictionary(
      text(),
      fc.dictionary(fc.constantFrom('value', 'company', 'number'), element('plain_text_input'), { maxKeys: 1 }),
      { maxKeys: 3 },
    );
  }
  // Slack sends every input of the form, an empty one with a null value.
  return fc.tuple(...inputs.map(([, input]) => element(input.type))).map((elements) => {
    const state: StateValues = {};
    inputs.forEach(([blockId, input], index) => (state[blockId] = { [input.actionId]: elements[index]! }));
    return state;
  });
}

// ---------------------------------------------------------------------------------------------
// Requests

type FuzzRequest =
  | { surface: 'command'; command: string; text: string }
  | { surface: 'action'; action: ActionPayload; place: ClickPlace }
  | { surface: 'view'; callbackId: string; values: StateValues; privateMetadata: string }
  | { surface: 'options'; actionId: string; blockId: string; value: string; privateMetadata: string }
  | { surface: 'malformed'; body: string; contentType: string };

const commandRequests = () =>
  fc.record({
    surface: fc.constant('command' as const),
    command: fc.constantFrom(...registered.commands),
    text: fc.oneof(
      text(),
      fc.tuple(word, text()).map(([first, rest]) => `${first} ${rest}`),
      fc.tuple(word, word, text()).map((parts) => parts.join(' ')),
    ),
  });

/** A click on something the app showed, its value kept or fuzzed. */
const shownClicks = () =>
  fc.tuple(fc.constantFrom(...shown.values()), fc.option(text(), { freq: 2 })).map(([click, fuzzed]) => {
    const action = { ...click.action } as ActionPayload & { value?: string; selected_option?: { value: string } };
    if (fuzzed !== null) {
      if (action.type === 'button') action.value = fuzzed;
      else action.selected_option = { value: fuzzed };
    }
    return { surface: 'action' as const, action: action as ActionPayload, place: click.place };
  });

const actionRequests = () => fc.oneof(shownClicks(), madeUpClicks());

const madeUpClicks = () =>
  fc
    .record({
      actionId: anyOf(registered.actions, 'action_id'),
      type: fc.constantFrom('button', 'static_select', 'overflow', 'external_select', 'checkboxes', 'datepicker'),
      value: text(),
      blockId: fc.oneof(fc.constant('b'), text()),
      inView: fc.boolean(),
      callbackId: fc.oneof(anyOf(registered.views, 'callback_id'), text()),
      privateMetadata: text(),
    })
    .chain((click) =>
      stateFor(click.callbackId).map((values) => {
        const action = (
          click.type === 'button'
            ? { type: 'button', action_id: click.actionId, value: click.value, block_id: click.blockId }
            : {
                type: click.type,
                action_id: click.actionId,
                selected_option: { value: click.value },
                block_id: click.blockId,
              }
        ) as ActionPayload;
        const place: ClickPlace = click.inView
          ? { view: { id: 'V0FUZZ', callbackId: click.callbackId, values, privateMetadata: click.privateMetadata } }
          : {};
        return { surface: 'action' as const, action, place };
      }),
    );

const viewRequests = () =>
  fc
    .tuple(anyOf(registered.views, 'callback_id'), text())
    .chain(([callbackId, privateMetadata]) =>
      stateFor(callbackId).map((values) => ({ surface: 'view' as const, callbackId, values, privateMetadata })),
    );

const optionsRequests = () =>
  fc.record({
    surface: fc.constant('options' as const),
    actionId: anyOf(registered.options, 'action_id'),
    blockId: fc.oneof(fc.constantFrom('company', 'number'), text()),
    value: text(),
    privateMetadata: text(),
  });

/** Bodies that are signed but not what Slack sends: any JSON, form fields, known types with junk. */
const malformedRequests = () =>
  fc
    .oneof(
      fc
        .jsonValue()
        .map((value) => ({ body: `payload=${encodeURIComponent(JSON.stringify(value))}`, contentType: FORM })),
      fc.jsonValue().map((value) => ({ body: JSON.stringify(value), contentType: 'application/json' })),
      fc
        .dictionary(fc.constantFrom('command', 'text', 'user_id', 'team_id', 'trigger_id', 'payload', 'type'), text())
        .map((fields) => ({ body: new URLSearchParams(fields).toString(), contentType: FORM })),
      fc
        .record({
          type: fc.constantFrom('block_actions', 'view_submission', 'block_suggestion', 'view_closed', 'shortcut'),
          user: fc.oneof(fc.constant({ id: STRANGER.userId }), fc.jsonValue()),
          team: fc.oneof(fc.constant({ id: STRANGER.teamId }), fc.jsonValue()),
          actions: fc.jsonValue(),
          view: fc.jsonValue(),
          action_id: fc.jsonValue(),
          value: fc.jsonValue(),
        })
        .map((payload) => ({ body: interactionBody(payload), contentType: FORM })),
      fc.string({ unit: 'binary', maxLength: 200 }).map((junk) => ({ body: junk, contentType: FORM })),
      huge.map((junk) => ({ body: `payload=${encodeURIComponent(junk)}`, contentType: FORM })),
    )
    .map((request) => ({ surface: 'malformed' as const, ...request }));

const FORM = 'application/x-www-form-urlencoded';

/**
 * A modal open now, for a click inside one: each click gets its own, as each person's click comes
 * from the modal they have open (a refusal is pushed onto it, and Slack stacks at most three).
 */
async function openModal(): Promise<string> {
  const opened = await slackApi.views.open({
    trigger_id: t.slack.issueTrigger(),
    view: { type: 'modal', callback_id: 'fuzz_root', title: { type: 'plain_text', text: 'Fuzz' }, blocks: [] },
  });
  return opened.view!.id!;
}

async function send(person: SlackPerson, request: FuzzRequest): Promise<SlackResponse> {
  switch (request.surface) {
    case 'command':
      return t.command(person, request.command, request.text);
    case 'action': {
      const { view } = request.place;
      const place = view ? { view: { ...view, id: await openModal() } } : request.place;
      return t.press(person, request.action, place);
    }
    case 'view':
      return t.submitView(person, request);
    case 'options':
      return t.suggest(person, request.actionId, request.blockId, request.value, request.privateMetadata);
    case 'malformed':
      return postSigned(`${t.baseUrl}/slack/events`, SIGNING_SECRET, request.body, {
        contentType: request.contentType,
      });
  }
}

// ---------------------------------------------------------------------------------------------
// What must hold

/** Waits until the app's work after its acks (clicks answered later, notices) has gone quiet. */
async function settle(): Promise<void> {
  await waitFor(async () => (await t.db.outboxMessage.count({ where: { status: 'pending' } })) === 0, {
    timeoutMs: 15_000,
    what: 'the outbox to be sent',
  });
  let seen = -1;
  for (let quiet = 0; quiet < 3;) {
    const now = t.slack.calls.length + t.slack.responses.length;
    quiet = now === seen ? quiet + 1 : 0;
    seen = now;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every table's rows, as one checksum each (and the count). */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await t.db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%'
    ORDER BY table_name`;
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await t.db.$queryRawUnsafe<{ rows: bigint; sum: string | null }[]>(
      `SELECT count(*) AS rows, md5(string_agg(t::text, ',' ORDER BY t::text)) AS sum FROM "${name}" t`,
    );
    sums[name] = `${row!.rows} rows, ${row!.sum ?? '-'}`;
  }
  return sums;
}

/** What a pass found that isn't a failure of the properties: kept for the summary. */
interface Findings {
  requests: number;
  ms?: number;
  statuses: Record<number, number>;
  refusals: string[];
  errors: string[];
  /** Errors that follow from the fake Slack's modal stacking (FAKE_STACKING). */
  fakeStacking: number;
}

/** Requests in flight at once: people click at the same time, and the machine has idle time. */
const BATCH = 4;

async function fuzz(person: SlackPerson, surface: fc.Arbitrary<FuzzRequest>, findings: Findings): Promise<void> {
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(fc.array(surface, { minLength: 1, maxLength: BATCH }), async (requests) => {
      // Clicks inside a modal go one at a time: the fake Slack pushes a modal opened by a click's
      // trigger onto the newest modal, so two at once would stack on one (Slack allows three).
      let inModal: Promise<unknown> = Promise.resolve();
      const responses = await Promise.all(
        requests.map((request) => {
          if (request.surface !== 'action' || !request.place.view) return send(person, request);
          const sent = inModal.then(() => send(person, request));
          inModal = sent.catch(() => undefined);
          return sent;
        }),
      );
      responses.forEach((response, index) => {
        findings.requests += 1;
        findings.statuses[response.status] = (findings.statuses[response.status] ?? 0) + 1;
        expect(response.status, show(requests[index]!)).toBeLessThan(500);
      });
      note(findings, requests);
    }),
    { numRuns: Math.ceil(RUNS / ((1 + BATCH) / 2)), seed: SEED, endOnFailure: true, verbose: 1 },
  );
  await settle();
  note(findings, []);
  findings.ms = Date.now() - started;
  const health = await fetch(`${t.baseUrl}/healthz`);
  expect(health.status, 'the app still answers /healthz').toBe(200);
}

/**
 * The fake Slack stacks a modal pushed by a click's trigger onto the newest modal (it can't tell
 * which one the click came from), so clicks in modals at once can fill one past Slack's three:
 * what follows from that is the fake's, not the app's.
 */
const FAKE_STACKING = /push_limit_reached|invalid_trigger_id/;

/**
 * Keeps what the app logged as an error and the screens Slack would have refused since the last
 * look, with the requests sent last (the work after an ack may belong to an earlier one).
 */
function note(findings: Findings, requests: FuzzRequest[]): void {
  const after = requests.length
    ? ` ← one of ${requests.map((request) => show(request).slice(0, 240)).join(' | ')}`
    : '';
  for (const refusal of t.slack.takeRefusals()) {
    findings.refusals.push(`${refusal.where}: ${refusal.error} ${refusal.messages[0] ?? ''}${after}`);
  }
  for (const line of t.log.lines.splice(0)) {
    if (line.level < LEVEL.error) continue;
    const error = line.err as { type?: string; message?: string; code?: string } | undefined;
    const message = String(error?.message ?? '')
      .trim()
      .split('\n')
      .at(-1)!
      .slice(0, 160);
    const cause = error ? ` — ${error.type}${error.code ? ` ${error.code}` : ''}: ${message}` : '';
    if (FAKE_STACKING.test(cause)) findings.fakeStacking += 1;
    else findings.errors.push(`${String(line.msg).slice(0, 160)}${cause}${after}`);
  }
}

/** A request for a failure message, long strings cut. */
function show(request: FuzzRequest): string {
  return JSON.stringify(request, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 200 ? `${value.slice(0, 40)}…(${value.length} chars)` : value,
  );
}

const SURFACES = {
  command: commandRequests,
  action: actionRequests,
  view: viewRequests,
  options: optionsRequests,
  malformed: malformedRequests,
} as const;

const summary: Record<string, Findings> = {};
afterAll(() => {
  const lines = Object.entries(summary).map(([pass, found]) => {
    const distinct = (lines: string[]) => [...new Set(lines.map((line) => line.replace(/ ← .*$/s, '')))];
    const examples = (lines: string[]) =>
      distinct(lines).map((kind) => `\n      ${kind}\n        e.g. ${lines.find((line) => line.startsWith(kind))}`);
    return (
      `${pass}: ${found.requests} requests in ${found.ms} ms, statuses ${JSON.stringify(found.statuses)}; ` +
      `${found.refusals.length} screens Slack would refuse, ${found.errors.length} errors logged ` +
      `(and ${found.fakeStacking} from the fake Slack's modal stacking)` +
      [...examples(found.refusals), ...examples(found.errors)].join('')
    );
  });
  console.info(`Fuzz summary (FUZZ_RUNS=${RUNS} per surface):\n  ${lines.join('\n  ')}`);
});

it('derives its surfaces from what the app registers', () => {
  expect(new Set(registered.commands)).toEqual(new Set(SLASH_COMMANDS));
  expect(registered.actions.length).toBeGreaterThan(20);
  expect(registered.views.length).toBeGreaterThan(10);
  expect(registered.options.length).toBeGreaterThan(1);
  console.info(`explored: ${forms.size} forms (${[...forms.keys()].join(', ')}), ${shown.size} buttons and options`);
  expect(forms.size).toBeGreaterThan(8);
  expect(shown.size).toBeGreaterThan(10);
});

describe('as a Slack user linked to no stored user: no 5xx, alive, the database unchanged', () => {
  it.each(Object.keys(SURFACES) as (keyof typeof SURFACES)[])(
    '%s',
    async (name) => {
      const before = await snapshot();
      const findings: Findings = (summary[`stranger ${name}`] = {
        requests: 0,
        statuses: {},
        refusals: [],
        errors: [],
        fakeStacking: 0,
      });
      await fuzz(STRANGER, SURFACES[name](), findings);
      expect(await snapshot()).toEqual(before);
    },
    PASS_TIMEOUT_MS,
  );
});

describe('as an admin, with garbage and oversized values: no 5xx, alive', () => {
  it.each(Object.keys(SURFACES) as (keyof typeof SURFACES)[])(
    '%s',
    async (name) => {
      const findings: Findings = (summary[`admin ${name}`] = {
        requests: 0,
        statuses: {},
        refusals: [],
        errors: [],
        fakeStacking: 0,
      });
      await fuzz(slackPersonOf(admin), SURFACES[name](), findings);
    },
    PASS_TIMEOUT_MS,
  );
});
