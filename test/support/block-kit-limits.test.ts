import { describe, expect, it } from 'vitest';
import {
  checkMessage,
  checkMessageBlocks,
  checkOptionsResponse,
  checkView,
  checkViewSubmissionAck,
  slackErrorCode,
} from './block-kit-limits.ts';

type Check = (payload: any) => string[];

const x = (length: number) => 'x'.repeat(length);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const option = (text = 'One', value = 'one', extra: object = {}) => ({ text: plain(text), value, ...extra });
const options = (count: number) => Array.from({ length: count }, (_, i) => option(`Option ${i}`, `v${i}`));
const group = (count: number, label = 'Group') => ({ label: plain(label), options: options(count) });
const button = (actionId = 'go', extra: object = {}) => ({
  type: 'button',
  action_id: actionId,
  text: plain('Go'),
  ...extra,
});
const buttons = (count: number) => Array.from({ length: count }, (_, i) => button(`b${i}`));
const divider = { type: 'divider' };
const section = (extra: object = {}) => ({ type: 'section', text: mrkdwn('Hello'), ...extra });
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const input = (element: unknown, extra: object = {}) => ({
  type: 'input',
  block_id: 'name',
  label: plain('Name'),
  element,
  ...extra,
});
const textInput = (extra: object = {}) => ({ type: 'plain_text_input', action_id: 'value', ...extra });
const staticSelect = (extra: object = {}) => ({
  type: 'static_select',
  action_id: 'pick',
  options: options(2),
  ...extra,
});
const modal = (blocks: unknown[] = [], extra: object = {}) => ({
  type: 'modal',
  title: plain('Add user'),
  submit: plain('Save'),
  blocks,
  ...extra,
});
const message = (...blocks: unknown[]) => ({ text: 'Fallback', blocks });
const table = (rows: unknown[][], extra: object = {}) => ({ type: 'table', rows, ...extra });
const cell = (text = 'a') => ({ type: 'raw_text', text });
const video = (extra: object = {}) => ({
  type: 'video',
  alt_text: 'A video',
  title: plain('Demo'),
  video_url: 'https://example.com/v',
  thumbnail_url: 'https://example.com/t.png',
  ...extra,
});
const confirm = (extra: object = {}) => ({
  title: plain('Sure?'),
  text: plain('This deletes the user.'),
  confirm: plain('Delete'),
  deny: plain('Keep'),
  ...extra,
});

const pointers = (problems: string[]) => problems.map((problem) => /\[json-pointer:(.*)\]$/.exec(problem)?.[1]);

/** Slack's format, one problem per broken rule: the pointers of the problems `check` finds. */
function refusedAt(check: Check, payload: unknown): (string | undefined)[] {
  const problems = check(payload);
  for (const problem of problems) expect(problem).toMatch(/^\[ERROR\] .+ \[json-pointer:[^\]]*\]$/);
  return pointers(problems);
}

/** A limit test: `what` of `max` passes and `max + 1` is refused, at `pointer` and nowhere else. */
function limit(what: string, max: number, unit: string, check: Check, make: (n: number) => unknown, pointer: string) {
  const size = (n: number) => (unit ? `${n} ${unit}` : String(n));
  return {
    name: `${what} of ${size(max)} passes, ${max + 1} is refused`,
    check,
    inside: make(max),
    outside: make(max + 1),
    pointer,
  };
}

function testLimits(rows: ReturnType<typeof limit>[]) {
  it.each(rows)('$name', ({ check, inside, outside, pointer }) => {
    expect(check(inside)).toEqual([]);
    expect(refusedAt(check, outside)).toEqual([pointer]);
  });
}

const inModal = (...blocks: unknown[]) => modal(blocks);
const inputOf = (element: unknown) => inModal(input(element));

describe('the two incidents this checker was written for', () => {
  it('refuses an option description of 79 characters (limit 75)', () => {
    const select = staticSelect({ options: [option('One', 'one', { description: plain(x(79)) })] });
    const problems = checkView(inputOf(select));
    expect(pointers(problems)).toEqual(['/blocks/0/element/options/0/description/text']);
    expect(problems[0]).toBe(
      '[ERROR] must be less than 76 characters (got 79) [json-pointer:/blocks/0/element/options/0/description/text]',
    );
  });

  it('refuses an overflow menu with 6 options (limit 5)', () => {
    const overflow = { type: 'overflow', action_id: 'more', options: options(6) };
    expect(refusedAt(checkMessage, message(section({ accessory: overflow })))).toEqual(['/blocks/0/accessory/options']);
  });
});

describe('surfaces', () => {
  testLimits([
    limit('a modal title', 24, 'characters', checkView, (n) => modal([], { title: plain(x(n)) }), '/title/text'),
    limit(
      'a modal submit label',
      24,
      'characters',
      checkView,
      (n) => modal([], { submit: plain(x(n)) }),
      '/submit/text',
    ),
    limit('a modal close label', 24, 'characters', checkView, (n) => modal([], { close: plain(x(n)) }), '/close/text'),
    limit('a modal', 100, 'blocks', checkView, (n) => modal(Array(n).fill(divider)), '/blocks'),
    limit('a home tab', 100, 'blocks', checkView, (n) => ({ type: 'home', blocks: Array(n).fill(divider) }), '/blocks'),
    limit(
      'private_metadata',
      3000,
      'characters',
      checkView,
      (n) => modal([], { private_metadata: x(n) }),
      '/private_metadata',
    ),
    limit('a callback_id', 255, 'characters', checkView, (n) => modal([], { callback_id: x(n) }), '/callback_id'),
    limit('an external_id', 255, 'characters', checkView, (n) => modal([], { external_id: x(n) }), '/external_id'),
    limit('a message', 50, 'blocks', checkMessage, (n) => message(...Array(n).fill(divider)), '/blocks'),
    limit(
      'a blocks array (checkMessageBlocks)',
      50,
      'blocks',
      checkMessageBlocks,
      (n) => Array(n).fill(divider),
      '/blocks',
    ),
    limit(
      'a message',
      100,
      'attachments',
      checkMessage,
      (n) => ({ attachments: Array(n).fill({ text: 'a' }) }),
      '/attachments',
    ),
    limit(
      'an attachment footer',
      300,
      'characters',
      checkMessage,
      (n) => ({ attachments: [{ footer: x(n) }] }),
      '/attachments/0/footer',
    ),
    limit('markdown_text', 12000, 'characters', checkMessage, (n) => ({ markdown_text: x(n) }), '/markdown_text'),
    limit(
      'chat.update text',
      4000,
      'characters',
      (payload) => checkMessage(payload, 'chat.update'),
      (n) => ({ text: x(n) }),
      '/text',
    ),
  ]);

  it('a view of exactly 250,000 bytes of JSON passes, one byte more is view_too_large', () => {
    const sized = (bytes: number) => {
      const view = modal(Array.from({ length: 85 }, () => section({ text: mrkdwn(x(2900)) })));
      const last = view.blocks[84] as { text: { text: string } };
      last.text.text = x(2900 + bytes - Buffer.byteLength(JSON.stringify(view)));
      return view;
    };
    expect(checkView(sized(250_000))).toEqual([]);
    const problems = checkView(sized(250_001));
    expect(pointers(problems)).toEqual(['']);
    expect(problems[0]).toContain('view_too_large');
  });

  it('refuses a view whose type is neither modal nor home, and a view that is not an object', () => {
    expect(refusedAt(checkView, { type: 'workflow_step', blocks: [] })).toEqual(['/type']);
    expect(refusedAt(checkView, undefined)).toEqual(['']);
  });

  it('refuses a modal without a title', () => {
    expect(refusedAt(checkView, { type: 'modal', blocks: [] })).toEqual(['/title']);
  });

  it('refuses a mrkdwn modal title (plain_text only)', () => {
    expect(refusedAt(checkView, modal([], { title: mrkdwn('Hi') }))).toEqual(['/title/type']);
  });

  it('a modal with an input block needs a submit button; without inputs it does not', () => {
    const { submit: _, ...noSubmit } = modal([input(textInput())]);
    expect(refusedAt(checkView, noSubmit)).toEqual(['/submit']);
    expect(checkView({ ...noSubmit, blocks: [section()] })).toEqual([]);
  });

  it('refuses a title, submit or close on a home tab', () => {
    const home = { type: 'home', title: plain('Home'), submit: plain('Go'), close: plain('No'), blocks: [] };
    expect(refusedAt(checkView, home)).toEqual(['/title', '/submit', '/close']);
    expect(checkView({ type: 'home', blocks: [section()] })).toEqual([]);
  });

  it('allows focus_on_load on one element of a view, refuses it on a second', () => {
    const focused = (blockId: string) => input(textInput({ focus_on_load: true }), { block_id: blockId });
    expect(checkView(modal([focused('a')]))).toEqual([]);
    expect(refusedAt(checkView, modal([focused('a'), focused('b')]))).toEqual(['/blocks/1/element/focus_on_load']);
  });

  it('counts characters as Unicode code points, not UTF-16 units', () => {
    expect(checkView(modal([], { title: plain('😀'.repeat(24)) }))).toEqual([]);
    expect(refusedAt(checkView, modal([], { title: plain('😀'.repeat(25)) }))).toEqual(['/title/text']);
  });
});

describe('messages', () => {
  it('needs text, blocks, attachments or markdown_text (no_text), except to delete the original', () => {
    const problems = checkMessage({ channel: 'C1' });
    expect(pointers(problems)).toEqual(['/text']);
    expect(problems[0]).toContain('no_text');
    expect(refusedAt(checkMessage, { text: '', blocks: [] })).toEqual(['/text']);
    expect(checkMessage({ delete_original: true }, 'response_url')).toEqual([]);
    expect(checkMessage({ markdown_text: '**hi**' })).toEqual([]);
  });

  it('refuses markdown_text together with text or blocks (markdown_text_conflict)', () => {
    const problems = checkMessage({ markdown_text: 'hi', text: 'hi', blocks: [section()] });
    expect(pointers(problems)).toEqual(['/text', '/blocks']);
    expect(problems[0]).toContain('markdown_text_conflict');
  });

  it('a chat.update text over 4000 characters is msg_too_long; chat.postMessage takes it', () => {
    expect(checkMessage({ text: x(4001) }, 'chat.update')[0]).toContain('msg_too_long');
    expect(checkMessage({ text: x(4001) }, 'chat.postMessage')).toEqual([]);
  });

  it('response_type is ephemeral or in_channel', () => {
    expect(checkMessage({ text: 'a', response_type: 'in_channel' }, 'response_url')).toEqual([]);
    expect(refusedAt((m) => checkMessage(m, 'response_url'), { text: 'a', response_type: 'channel' })).toEqual([
      '/response_type',
    ]);
  });

  it('a slash command ack may be empty or a string', () => {
    expect(checkMessage(undefined, 'ack')).toEqual([]);
    expect(checkMessage('', 'ack')).toEqual([]);
    expect(checkMessage('Working on it', 'ack')).toEqual([]);
  });

  it('checks the blocks inside attachments', () => {
    expect(refusedAt(checkMessage, { attachments: [{ blocks: [{ type: 'header', text: plain(x(151)) }] }] })).toEqual([
      '/attachments/0/blocks/0/text/text',
    ]);
  });

  it('checkMessageBlocks accepts no blocks and refuses a non-array', () => {
    expect(checkMessageBlocks(undefined)).toEqual([]);
    expect(refusedAt(checkMessageBlocks, 'not blocks')).toEqual(['/blocks']);
  });
});

describe('blocks', () => {
  testLimits([
    limit(
      'a block_id',
      255,
      'characters',
      checkMessage,
      (n) => message(section({ block_id: x(n) })),
      '/blocks/0/block_id',
    ),
    limit(
      'a section text',
      3000,
      'characters',
      checkMessage,
      (n) => message(section({ text: mrkdwn(x(n)) })),
      '/blocks/0/text/text',
    ),
    limit(
      'a section',
      10,
      'fields',
      checkMessage,
      (n) => message(section({ fields: Array(n).fill(mrkdwn('a')) })),
      '/blocks/0/fields',
    ),
    limit(
      'a section field',
      2000,
      'characters',
      checkMessage,
      (n) => message(section({ fields: [mrkdwn(x(n))] })),
      '/blocks/0/fields/0/text',
    ),
    limit(
      'a header',
      150,
      'characters',
      checkMessage,
      (n) => message({ type: 'header', text: plain(x(n)) }),
      '/blocks/0/text/text',
    ),
    limit(
      'a context block',
      10,
      'elements',
      checkMessage,
      (n) => message({ type: 'context', elements: Array(n).fill(mrkdwn('a')) }),
      '/blocks/0/elements',
    ),
    limit(
      'an actions block',
      25,
      'elements',
      checkMessage,
      (n) => message(actions(...buttons(n))),
      '/blocks/0/elements',
    ),
    limit(
      'an input label',
      2000,
      'characters',
      checkView,
      (n) => inModal(input(textInput(), { label: plain(x(n)) })),
      '/blocks/0/label/text',
    ),
    limit(
      'an input hint',
      2000,
      'characters',
      checkView,
      (n) => inModal(input(textInput(), { hint: plain(x(n)) })),
      '/blocks/0/hint/text',
    ),
    limit(
      'an image alt_text',
      2000,
      'characters',
      checkMessage,
      (n) => message({ type: 'image', image_url: 'https://example.com/a.png', alt_text: x(n) }),
      '/blocks/0/alt_text',
    ),
    limit(
      'an image_url',
      3000,
      'characters',
      checkMessage,
      (n) => message({ type: 'image', image_url: `https://e.com/${x(n - 14)}`, alt_text: 'a' }),
      '/blocks/0/image_url',
    ),
    limit(
      'an image title',
      2000,
      'characters',
      checkMessage,
      (n) => message({ type: 'image', image_url: 'https://e.com/a.png', alt_text: 'a', title: plain(x(n)) }),
      '/blocks/0/title/text',
    ),
    limit(
      'the markdown blocks of one payload, together,',
      12000,
      'characters',
      checkMessage,
      (n) => message({ type: 'markdown', text: x(6000) }, { type: 'markdown', text: x(n - 6000) }),
      '/blocks/1/text',
    ),
    limit('a table', 100, 'rows', checkMessage, (n) => message(table(Array(n).fill([cell()]))), '/blocks/0/rows'),
    limit('a table row', 20, 'cells', checkMessage, (n) => message(table([Array(n).fill(cell())])), '/blocks/0/rows/0'),
    limit(
      'a table',
      20,
      'column_settings',
      checkMessage,
      (n) => message(table([[cell()]], { column_settings: Array(n).fill({ align: 'right' }) })),
      '/blocks/0/column_settings',
    ),
    limit(
      'a video title',
      199,
      'characters',
      checkMessage,
      (n) => message(video({ title: plain(x(n)) })),
      '/blocks/0/title/text',
    ),
    limit(
      'a video author_name',
      49,
      'characters',
      checkMessage,
      (n) => message(video({ author_name: x(n) })),
      '/blocks/0/author_name',
    ),
  ]);

  it('refuses a block_id used twice in one payload', () => {
    const twice = message(section({ block_id: 'a' }), section({ block_id: 'b' }), section({ block_id: 'a' }));
    expect(refusedAt(checkMessage, twice)).toEqual(['/blocks/2/block_id']);
  });

  it('refuses an unknown block type', () => {
    expect(refusedAt(checkMessage, message({ type: 'carousel', elements: [] }))).toEqual(['/blocks/0/type']);
  });

  it('a section needs text or fields', () => {
    expect(refusedAt(checkMessage, message({ type: 'section' }))).toEqual(['/blocks/0/text']);
    expect(checkMessage(message({ type: 'section', fields: [plain('a')] }))).toEqual([]);
  });

  it('a header takes plain_text only', () => {
    expect(refusedAt(checkMessage, message({ type: 'header', text: mrkdwn('*Hi*') }))).toEqual(['/blocks/0/text/type']);
  });

  it('a context block holds text objects and images only', () => {
    const image = { type: 'image', image_url: 'https://e.com/a.png', alt_text: 'a' };
    expect(checkMessage(message({ type: 'context', elements: [mrkdwn('a'), plain('b'), image] }))).toEqual([]);
    expect(refusedAt(checkMessage, message({ type: 'context', elements: [button()] }))).toEqual([
      '/blocks/0/elements/0',
    ]);
  });

  it('refuses an action_id used twice within one actions block', () => {
    expect(refusedAt(checkMessage, message(actions(button('a'), button('a'))))).toEqual([
      '/blocks/0/elements/1/action_id',
    ]);
  });

  it('an input block needs a plain_text label and exactly one element', () => {
    expect(refusedAt(checkView, inModal({ type: 'input', element: textInput() }))).toEqual(['/blocks/0/label']);
    expect(refusedAt(checkView, inModal({ type: 'input', label: plain('a') }))).toEqual(['/blocks/0/element']);
    expect(refusedAt(checkView, inModal(input([textInput()])))).toEqual(['/blocks/0/element']);
    expect(refusedAt(checkView, inModal(input(textInput(), { label: mrkdwn('a') })))).toEqual(['/blocks/0/label/type']);
  });

  it('refuses dispatch_action on an input block holding a file_input', () => {
    const file = { type: 'file_input', action_id: 'file' };
    expect(checkView(inModal(input(file)))).toEqual([]);
    expect(refusedAt(checkView, inModal(input(file, { dispatch_action: true })))).toEqual([
      '/blocks/0/dispatch_action',
    ]);
  });

  it('an image takes exactly one of image_url and slack_file', () => {
    const both = { type: 'image', alt_text: 'a', image_url: 'https://e.com/a.png', slack_file: { id: 'F1' } };
    expect(refusedAt(checkMessage, message(both))).toEqual(['/blocks/0']);
    expect(checkMessage(message({ type: 'image', alt_text: 'a', slack_file: { id: 'F1' } }))).toEqual([]);
    expect(refusedAt(checkMessage, message({ type: 'image', alt_text: 'a' }))).toEqual(['/blocks/0']);
  });

  it('a divider takes only type and block_id', () => {
    expect(checkMessage(message({ type: 'divider', block_id: 'd' }))).toEqual([]);
    expect(refusedAt(checkMessage, message({ type: 'divider', text: plain('a') }))).toEqual(['/blocks/0/text']);
  });

  it('rich_text holds sections, lists, preformatted and quotes', () => {
    const rich = {
      type: 'rich_text',
      elements: [
        {
          type: 'rich_text_section',
          elements: [
            { type: 'text', text: 'Hi ' },
            { type: 'user', user_id: 'U1' },
          ],
        },
        { type: 'rich_text_list', style: 'bullet', elements: [{ type: 'rich_text_section', elements: [] }] },
        { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'code' }] },
        { type: 'rich_text_quote', elements: [{ type: 'link', url: 'https://e.com' }] },
      ],
    };
    expect(checkMessage(message(rich))).toEqual([]);
    const wrong = { type: 'rich_text', elements: [{ type: 'rich_text_paragraph', elements: [] }] };
    expect(refusedAt(checkMessage, message(wrong))).toEqual(['/blocks/0/elements/0/type']);
  });

  it('table cells are raw_text or rich_text', () => {
    expect(refusedAt(checkMessage, message(table([[{ type: 'raw_number', value: 1 }]])))).toEqual([
      '/blocks/0/rows/0/0/type',
    ]);
  });

  it('a video needs its alt_text, title, video_url and thumbnail_url', () => {
    expect(refusedAt(checkMessage, message({ type: 'video' }))).toEqual([
      '/blocks/0/alt_text',
      '/blocks/0/title',
      '/blocks/0/video_url',
      '/blocks/0/thumbnail_url',
    ]);
  });
});

describe('elements', () => {
  testLimits([
    limit(
      'an action_id',
      255,
      'characters',
      checkMessage,
      (n) => message(actions(button(x(n)))),
      '/blocks/0/elements/0/action_id',
    ),
    limit(
      'a placeholder',
      150,
      'characters',
      checkView,
      (n) => inputOf(staticSelect({ placeholder: plain(x(n)) })),
      '/blocks/0/element/placeholder/text',
    ),
    limit(
      'a button text',
      75,
      'characters',
      checkMessage,
      (n) => message(actions(button('b', { text: plain(x(n)) }))),
      '/blocks/0/elements/0/text/text',
    ),
    limit(
      'a button value',
      2000,
      'characters',
      checkMessage,
      (n) => message(actions(button('b', { value: x(n) }))),
      '/blocks/0/elements/0/value',
    ),
    limit(
      'a button url',
      3000,
      'characters',
      checkMessage,
      (n) => message(actions(button('b', { url: x(n) }))),
      '/blocks/0/elements/0/url',
    ),
    limit(
      'a button accessibility_label',
      75,
      'characters',
      checkMessage,
      (n) => message(actions(button('b', { accessibility_label: x(n) }))),
      '/blocks/0/elements/0/accessibility_label',
    ),
    limit(
      'a workflow_button text',
      75,
      'characters',
      checkMessage,
      (n) => message(actions({ type: 'workflow_button', text: plain(x(n)), workflow: { trigger: { url: 'u' } } })),
      '/blocks/0/elements/0/text/text',
    ),
    limit(
      'an overflow menu',
      5,
      'options',
      checkMessage,
      (n) => message(section({ accessory: { type: 'overflow', options: options(n) } })),
      '/blocks/0/accessory/options',
    ),
    limit(
      'a static_select',
      100,
      'options',
      checkView,
      (n) => inputOf(staticSelect({ options: options(n) })),
      '/blocks/0/element/options',
    ),
    limit(
      'a static_select',
      100,
      'option groups',
      checkView,
      (n) => inputOf(staticSelect({ options: undefined, option_groups: Array(n).fill(group(1)) })),
      '/blocks/0/element/option_groups',
    ),
    limit(
      'a multi_static_select',
      100,
      'options',
      checkView,
      (n) => inputOf({ type: 'multi_static_select', options: options(n) }),
      '/blocks/0/element/options',
    ),
    limit(
      'checkboxes',
      10,
      'options',
      checkView,
      (n) => inputOf({ type: 'checkboxes', options: options(n) }),
      '/blocks/0/element/options',
    ),
    limit(
      'radio_buttons',
      10,
      'options',
      checkView,
      (n) => inputOf({ type: 'radio_buttons', options: options(n) }),
      '/blocks/0/element/options',
    ),
    limit(
      'a plain_text_input min_length',
      3000,
      '',
      checkView,
      (n) => inputOf(textInput({ min_length: n })),
      '/blocks/0/element/min_length',
    ),
    limit(
      'a plain_text_input max_length',
      3000,
      '',
      checkView,
      (n) => inputOf(textInput({ max_length: n })),
      '/blocks/0/element/max_length',
    ),
    limit(
      'a file_input max_files',
      10,
      '',
      checkView,
      (n) => inputOf({ type: 'file_input', max_files: n }),
      '/blocks/0/element/max_files',
    ),
    limit(
      'a rich_text_input max_lines',
      100,
      '',
      checkView,
      (n) => inputOf({ type: 'rich_text_input', max_lines: n }),
      '/blocks/0/element/max_lines',
    ),
  ]);

  it('an overflow menu needs at least 2 options', () => {
    const overflow = (count: number) => message(section({ accessory: { type: 'overflow', options: options(count) } }));
    expect(checkMessage(overflow(2))).toEqual([]);
    expect(refusedAt(checkMessage, overflow(1))).toEqual(['/blocks/0/accessory/options']);
  });

  it('refuses an element where its block does not take it', () => {
    const overflow = { type: 'overflow', options: options(2) };
    expect(refusedAt(checkView, inputOf(overflow))).toEqual(['/blocks/0/element/type']);
    expect(refusedAt(checkView, inModal(actions({ type: 'file_input' })))).toEqual(['/blocks/0/elements/0/type']);
    expect(refusedAt(checkView, inModal(actions({ type: 'email_text_input' })))).toEqual(['/blocks/0/elements/0/type']);
    expect(refusedAt(checkView, inModal(section({ accessory: { type: 'url_text_input' } })))).toEqual([
      '/blocks/0/accessory/type',
    ]);
    expect(refusedAt(checkView, inModal(section({ accessory: textInput() })))).toEqual(['/blocks/0/accessory/type']);
    expect(refusedAt(checkView, inputOf(button()))).toEqual(['/blocks/0/element/type']);
  });

  it('refuses an unknown element type', () => {
    expect(refusedAt(checkMessage, message(actions({ type: 'slider' })))).toEqual(['/blocks/0/elements/0/type']);
  });

  it('a button style is primary or danger', () => {
    expect(checkMessage(message(actions(button('a', { style: 'danger' }))))).toEqual([]);
    expect(refusedAt(checkMessage, message(actions(button('a', { style: 'secondary' }))))).toEqual([
      '/blocks/0/elements/0/style',
    ]);
  });

  it('a static_select takes options or option_groups, not both and not neither', () => {
    expect(refusedAt(checkView, inputOf(staticSelect({ option_groups: [group(1)] })))).toEqual([
      '/blocks/0/element/options',
    ]);
    expect(refusedAt(checkView, inputOf(staticSelect({ options: undefined })))).toEqual(['/blocks/0/element/options']);
  });

  it('initial_option must exactly equal one of the options, whatever the order of keys', () => {
    const given = option('Two', 'two', { description: plain('The second') });
    const select = (initial: unknown) => staticSelect({ options: [option(), given], initial_option: initial });
    const reordered = { description: plain('The second'), value: 'two', text: plain('Two') };
    expect(checkView(inputOf(select(reordered)))).toEqual([]);
    expect(refusedAt(checkView, inputOf(select(option('Two', 'two'))))).toEqual(['/blocks/0/element/initial_option']);
    expect(refusedAt(checkView, inputOf(select(option('2', 'two', { description: plain('The second') }))))).toEqual([
      '/blocks/0/element/initial_option',
    ]);
  });

  it('initial_options of checkboxes and multi selects must each be one of the options, also within option groups', () => {
    const boxes = { type: 'checkboxes', options: options(3), initial_options: [options(3)[2], option('Nope', 'nope')] };
    expect(refusedAt(checkView, inputOf(boxes))).toEqual(['/blocks/0/element/initial_options/1']);
    const grouped = { type: 'multi_static_select', option_groups: [group(2)], initial_options: [options(2)[1]] };
    expect(checkView(inputOf(grouped))).toEqual([]);
    const radio = { type: 'radio_buttons', options: options(2), initial_option: option('Option 9', 'v9') };
    expect(refusedAt(checkView, inputOf(radio))).toEqual(['/blocks/0/element/initial_option']);
  });

  it('an external_select has no options to match, but its initial_option is still a valid option', () => {
    const external = (initial: unknown) => inputOf({ type: 'external_select', initial_option: initial });
    expect(checkView(external(option('Acme', 'acme')))).toEqual([]);
    expect(refusedAt(checkView, external(option(x(76), 'acme')))).toEqual([
      '/blocks/0/element/initial_option/text/text',
    ]);
  });

  it('max_selected_items of a multi select is at least 1', () => {
    expect(checkView(inputOf({ type: 'multi_users_select', max_selected_items: 1 }))).toEqual([]);
    expect(refusedAt(checkView, inputOf({ type: 'multi_users_select', max_selected_items: 0 }))).toEqual([
      '/blocks/0/element/max_selected_items',
    ]);
  });

  it('a users_select’s initial_user is a Slack user id', () => {
    expect(checkView(inputOf({ type: 'users_select', initial_user: 'U0123ABCD' }))).toEqual([]);
    expect(checkView(inputOf({ type: 'users_select' }))).toEqual([]);
    expect(refusedAt(checkView, inputOf({ type: 'users_select', initial_user: 'ada@example.com' }))).toEqual([
      '/blocks/0/element/initial_user',
    ]);
  });

  it('a plain_text_input max_length is at least 1 and not below min_length', () => {
    expect(refusedAt(checkView, inputOf(textInput({ max_length: 0 })))).toEqual(['/blocks/0/element/max_length']);
    expect(refusedAt(checkView, inputOf(textInput({ min_length: 10, max_length: 5 })))).toEqual([
      '/blocks/0/element/min_length',
    ]);
  });

  it('a number_input needs is_decimal_allowed, and its bounds are numbers as strings with min ≤ max', () => {
    expect(
      checkView(inputOf({ type: 'number_input', is_decimal_allowed: false, min_value: '1', max_value: '9' })),
    ).toEqual([]);
    expect(refusedAt(checkView, inputOf({ type: 'number_input' }))).toEqual(['/blocks/0/element/is_decimal_allowed']);
    expect(refusedAt(checkView, inputOf({ type: 'number_input', is_decimal_allowed: true, min_value: 1 }))).toEqual([
      '/blocks/0/element/min_value',
    ]);
    const reversed = { type: 'number_input', is_decimal_allowed: true, min_value: '10', max_value: '9.5' };
    expect(refusedAt(checkView, inputOf(reversed))).toEqual(['/blocks/0/element/min_value']);
  });

  it('date, time and datetime pickers take their documented formats', () => {
    expect(checkView(inputOf({ type: 'datepicker', initial_date: '2024-02-29' }))).toEqual([]);
    expect(refusedAt(checkView, inputOf({ type: 'datepicker', initial_date: '2023-02-29' }))).toEqual([
      '/blocks/0/element/initial_date',
    ]);
    expect(refusedAt(checkView, inputOf({ type: 'datepicker', initial_date: '29/02/2024' }))).toEqual([
      '/blocks/0/element/initial_date',
    ]);
    expect(checkView(inputOf({ type: 'timepicker', initial_time: '23:59', timezone: 'Europe/Berlin' }))).toEqual([]);
    expect(
      refusedAt(checkView, inputOf({ type: 'timepicker', initial_time: '24:00', timezone: 'Mars/Olympus' })),
    ).toEqual(['/blocks/0/element/initial_time', '/blocks/0/element/timezone']);
    expect(checkView(inputOf({ type: 'datetimepicker', initial_date_time: 1_700_000_000 }))).toEqual([]);
    expect(refusedAt(checkView, inputOf({ type: 'datetimepicker', initial_date_time: 1_700_000_000_000 }))).toEqual([
      '/blocks/0/element/initial_date_time',
    ]);
  });

  it('a file_input takes at least 1 file, and filetypes are extensions', () => {
    expect(checkView(inputOf({ type: 'file_input', max_files: 1, filetypes: ['csv', 'txt'] }))).toEqual([]);
    expect(refusedAt(checkView, inputOf({ type: 'file_input', max_files: 0 }))).toEqual([
      '/blocks/0/element/max_files',
    ]);
    expect(refusedAt(checkView, inputOf({ type: 'file_input', filetypes: ['text/csv'] }))).toEqual([
      '/blocks/0/element/filetypes/0',
    ]);
  });

  it('a rich_text_input takes at least 1 line', () => {
    expect(refusedAt(checkView, inputOf({ type: 'rich_text_input', min_lines: 0 }))).toEqual([
      '/blocks/0/element/min_lines',
    ]);
  });

  it('a conversation filter names at least one conversation type, of im, mpim, private, public', () => {
    const select = (filter: unknown) => inputOf({ type: 'conversations_select', filter });
    expect(checkView(select({ include: ['public', 'private'], exclude_bot_users: true }))).toEqual([]);
    expect(refusedAt(checkView, select({}))).toEqual(['/blocks/0/element/filter']);
    expect(refusedAt(checkView, select({ include: [] }))).toEqual(['/blocks/0/element/filter/include']);
    expect(refusedAt(checkView, select({ include: ['dm'] }))).toEqual(['/blocks/0/element/filter/include/0']);
  });

  it('dispatch_action_config triggers on_enter_pressed or on_character_entered', () => {
    const config = (on: string) => inputOf(textInput({ dispatch_action_config: { trigger_actions_on: [on] } }));
    expect(checkView(config('on_enter_pressed'))).toEqual([]);
    expect(refusedAt(checkView, config('on_blur'))).toEqual([
      '/blocks/0/element/dispatch_action_config/trigger_actions_on/0',
    ]);
  });
});

describe('composition objects', () => {
  const optionAt = '/blocks/0/element/options/0';
  const selectWith = (first: unknown) => inputOf(staticSelect({ options: [first] }));
  testLimits([
    limit('an option text', 75, 'characters', checkView, (n) => selectWith(option(x(n))), `${optionAt}/text/text`),
    limit('an option value', 150, 'characters', checkView, (n) => selectWith(option('One', x(n))), `${optionAt}/value`),
    limit(
      'an option description',
      75,
      'characters',
      checkView,
      (n) => selectWith(option('One', 'one', { description: plain(x(n)) })),
      `${optionAt}/description/text`,
    ),
    limit(
      'an overflow option url',
      3000,
      'characters',
      checkMessage,
      (n) =>
        message(section({ accessory: { type: 'overflow', options: [option('A', 'a', { url: x(n) }), option()] } })),
      '/blocks/0/accessory/options/0/url',
    ),
    limit(
      'an option group label',
      75,
      'characters',
      checkView,
      (n) => inputOf(staticSelect({ options: undefined, option_groups: [group(1, x(n))] })),
      '/blocks/0/element/option_groups/0/label/text',
    ),
    limit(
      'an option group',
      100,
      'options',
      checkView,
      (n) => inputOf(staticSelect({ options: undefined, option_groups: [group(n)] })),
      '/blocks/0/element/option_groups/0/options',
    ),
    ...(['title', 'text', 'confirm', 'deny'] as const).map((field) => {
      const max = { title: 100, text: 300, confirm: 30, deny: 30 }[field];
      return limit(
        `a confirm dialog ${field}`,
        max,
        'characters',
        checkMessage,
        (n) => message(actions(button('b', { confirm: confirm({ [field]: plain(x(n)) }) }))),
        `/blocks/0/elements/0/confirm/${field}/text`,
      );
    }),
  ]);

  it('counts an option text of 75 emoji as 75 characters', () => {
    expect(checkView(selectWith(option('😀'.repeat(75))))).toEqual([]);
  });

  it('a text object is plain_text or mrkdwn with 1 to 3000 characters', () => {
    expect(refusedAt(checkMessage, message(section({ text: { type: 'markdown', text: 'a' } })))).toEqual([
      '/blocks/0/text/type',
    ]);
    expect(refusedAt(checkMessage, message(section({ text: mrkdwn('') })))).toEqual(['/blocks/0/text/text']);
    expect(refusedAt(checkMessage, message(section({ text: 'just a string' })))).toEqual(['/blocks/0/text']);
  });

  it('emoji is only for plain_text, verbatim only for mrkdwn', () => {
    expect(checkMessage(message(section({ text: { ...plain('a'), emoji: true } })))).toEqual([]);
    expect(checkMessage(message(section({ text: { ...mrkdwn('a'), verbatim: true } })))).toEqual([]);
    expect(refusedAt(checkMessage, message(section({ text: { ...mrkdwn('a'), emoji: true } })))).toEqual([
      '/blocks/0/text/emoji',
    ]);
    expect(refusedAt(checkMessage, message(section({ text: { ...plain('a'), verbatim: true } })))).toEqual([
      '/blocks/0/text/verbatim',
    ]);
  });

  it('an option needs a value', () => {
    expect(refusedAt(checkView, selectWith({ text: plain('One') }))).toEqual([`${optionAt}/value`]);
  });

  it('option text is plain_text in menus; checkboxes and radio buttons also take mrkdwn', () => {
    const rich = { text: mrkdwn('*One*'), value: 'one', description: mrkdwn('_first_') };
    expect(checkView(inputOf({ type: 'checkboxes', options: [rich] }))).toEqual([]);
    expect(checkView(inputOf({ type: 'radio_buttons', options: [rich] }))).toEqual([]);
    expect(refusedAt(checkView, selectWith(rich))).toEqual([`${optionAt}/text/type`, `${optionAt}/description/type`]);
  });

  it('an option url is allowed in overflow menus only', () => {
    expect(refusedAt(checkView, selectWith(option('A', 'a', { url: 'https://e.com' })))).toEqual([`${optionAt}/url`]);
  });

  it('a confirm dialog needs title, text, confirm and deny, plain_text where required, style primary or danger', () => {
    const withConfirm = (dialog: unknown) => message(actions(button('b', { confirm: dialog })));
    expect(checkMessage(withConfirm(confirm({ text: mrkdwn('*Really?*'), style: 'danger' })))).toEqual([]);
    expect(refusedAt(checkMessage, withConfirm({}))).toEqual(
      ['title', 'text', 'confirm', 'deny'].map((field) => `/blocks/0/elements/0/confirm/${field}`),
    );
    expect(refusedAt(checkMessage, withConfirm(confirm({ title: mrkdwn('a'), style: 'warning' })))).toEqual([
      '/blocks/0/elements/0/confirm/title/type',
      '/blocks/0/elements/0/confirm/style',
    ]);
  });
});

describe('block_suggestion answers', () => {
  testLimits([
    limit('an options list', 100, 'options', checkOptionsResponse, (n) => ({ options: options(n) }), '/options'),
    limit(
      'an option_groups list',
      100,
      'groups',
      checkOptionsResponse,
      (n) => ({ option_groups: Array(n).fill(group(1)) }),
      '/option_groups',
    ),
    limit(
      'an option text',
      75,
      'characters',
      checkOptionsResponse,
      (n) => ({ options: [option(x(n))] }),
      '/options/0/text/text',
    ),
  ]);

  it('no matches is an empty options list', () => {
    expect(checkOptionsResponse({ options: [] })).toEqual([]);
  });

  it('takes options or option_groups, not both, and plain_text option text only', () => {
    expect(refusedAt(checkOptionsResponse, { options: [], option_groups: [] })).toEqual(['/options']);
    expect(refusedAt(checkOptionsResponse, {})).toEqual(['/options']);
    expect(refusedAt(checkOptionsResponse, { options: [{ text: mrkdwn('a'), value: 'a' }] })).toEqual([
      '/options/0/text/type',
    ]);
  });
});

describe('view_submission answers', () => {
  const submitted = { blocks: [input(textInput()), section({ block_id: 'intro' })] };
  const ack = (body: unknown) => checkViewSubmissionAck(body, submitted);

  testLimits([
    limit(
      'an error message',
      2000,
      'characters',
      ack,
      (n) => ({ response_action: 'errors', errors: { name: x(n) } }),
      '/errors/name',
    ),
  ]);

  it('an empty answer closes the modal; clear closes them all', () => {
    expect(ack(undefined)).toEqual([]);
    expect(ack('')).toEqual([]);
    expect(ack({ response_action: 'clear' })).toEqual([]);
    expect(refusedAt(ack, { response_action: 'close' })).toEqual(['/response_action']);
  });

  it('update and push carry a modal, checked like any view', () => {
    expect(ack({ response_action: 'update', view: modal([section()]) })).toEqual([]);
    expect(ack({ response_action: 'push', view: modal([section()]) })).toEqual([]);
    expect(refusedAt(ack, { response_action: 'update' })).toEqual(['/view']);
    expect(refusedAt(ack, { response_action: 'push', view: modal([], { title: plain(x(25)) }) })).toEqual([
      '/view/title/text',
    ]);
    expect(refusedAt(ack, { response_action: 'update', view: { type: 'home', blocks: [] } })).toEqual(['/view/type']);
  });

  it('errors name input blocks of the submitted view, each with a message', () => {
    expect(ack({ response_action: 'errors', errors: { name: 'Give a name.' } })).toEqual([]);
    expect(refusedAt(ack, { response_action: 'errors', errors: { intro: 'Not an input.' } })).toEqual([
      '/errors/intro',
    ]);
    expect(refusedAt(ack, { response_action: 'errors', errors: { 'no/such': 'Gone.' } })).toEqual(['/errors/no~1such']);
    expect(refusedAt(ack, { response_action: 'errors', errors: { name: '' } })).toEqual(['/errors/name']);
    expect(refusedAt(ack, { response_action: 'errors', errors: {} })).toEqual(['/errors']);
    expect(refusedAt(ack, { response_action: 'errors' })).toEqual(['/errors']);
  });
});

describe('slackErrorCode', () => {
  it('is invalid_arguments for views.* and invalid_blocks for chat.*', () => {
    expect(slackErrorCode('view')).toBe('invalid_arguments');
    expect(slackErrorCode('message')).toBe('invalid_blocks');
  });
});
