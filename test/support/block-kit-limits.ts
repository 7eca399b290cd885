// Slack's documented Block Kit and Web API limits (/work/shared/slack-limits.md), checked by the
// fake Web API on every surface the app sends, so that anything Slack would refuse fails in tests
// too. Each function is pure and returns one problem per broken rule, in Slack's own format:
//   [ERROR] <what is wrong> [json-pointer:/blocks/3/element/options/1/description/text]
// with the pointer relative to the payload checked. Empty means Slack would accept it.
// Where Slack answers with its own error code (no_text, msg_too_long, view_too_large...), the
// problem names it. The rules live in ./block-kit/: blocks.ts, elements.ts, composition.ts.
// Not checked here: what needs state (external_id unique per team, the view stack, trigger expiry,
// rate limits: the fake's job) or the files themselves (image formats, 10 MB uploads).
import { checkBlocks } from './block-kit/blocks.ts';
import { MENU_OPTION, checkOptionGroups, checkOptions, textField } from './block-kit/composition.ts';
import { Fields, Report, at, chars, checkList, checkString, isObject, type Json } from './block-kit/report.ts';

const VIEW_BYTES = 250_000; // "250 kB": read as 1000-byte kB, the stricter reading
const MESSAGE_BLOCKS = 50;
const VIEW_BLOCKS = 100;
const UPDATE_TEXT = 4_000;
const MARKDOWN_TEXT = 12_000;
// Slack documents no limit for a view_submission error message. It is shown under the input like
// a hint, and hints take 2000 characters, so longer is refused rather than trusted.
const SUBMISSION_ERROR = 2_000;

export type MessageMethod = 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral' | 'response_url' | 'ack';

/** A modal or home view, as given to views.open/push/update/publish or in response_action update/push. */
export function checkView(view: unknown): string[] {
  const r = new Report();
  checkViewAt(r, view, '');
  return r.problems;
}

/** A message payload, as sent with one of `method`. */
export function checkMessage(message: unknown, method: MessageMethod = 'chat.postMessage'): string[] {
  // Bolt acks a slash command with no body, or with a string that becomes the message text.
  if (method === 'ack' && (message === undefined || message === '')) return [];
  const payload = method === 'ack' && typeof message === 'string' ? { text: message } : message;
  const r = new Report();
  if (!isObject(payload)) {
    r.add('', 'must provide an object');
    return r.problems;
  }
  const f = new Fields(r, payload, '');
  f.field('text', false, (text, pointer) => {
    checkString(r, text, pointer);
    if (method === 'chat.update' && typeof text === 'string' && chars(text) > UPDATE_TEXT) {
      r.add(
        pointer,
        `must be less than ${UPDATE_TEXT + 1} characters in chat.update (got ${chars(text)}): msg_too_long`,
      );
    }
  });
  f.field('blocks', false, (blocks, pointer) => checkBlocks(r, blocks, pointer, MESSAGE_BLOCKS));
  f.field('attachments', false, (attachments, pointer) => checkAttachments(r, attachments, pointer));
  f.string('markdown_text', { max: MARKDOWN_TEXT });
  if (payload.markdown_text !== undefined) {
    for (const key of ['text', 'blocks']) {
      f.forbid(key, `must not be given with markdown_text: markdown_text_conflict`);
    }
  }
  f.enum('response_type', ['ephemeral', 'in_channel']);
  f.boolean('replace_original');
  f.boolean('delete_original');
  if (payload.delete_original !== true && !hasContent(payload)) {
    r.add('/text', 'one of text, blocks, attachments or markdown_text is required: no_text');
  }
  return r.problems;
}

/** A message's blocks array alone (kept for callers written before checkMessage). */
export function checkMessageBlocks(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  const r = new Report();
  checkBlocks(r, blocks, '/blocks', MESSAGE_BLOCKS);
  return r.problems;
}

/** The app's answer to a block_suggestion: { options } or { option_groups }. */
export function checkOptionsResponse(body: unknown): string[] {
  const r = new Report();
  if (!isObject(body)) {
    r.add('', 'must provide an object');
    return r.problems;
  }
  if ((body.options === undefined) === (body.option_groups === undefined)) {
    r.add('/options', 'must give exactly one of options and option_groups');
  }
  const f = new Fields(r, body, '');
  f.field('options', false, (options, pointer) => checkOptions(r, options, pointer, { max: 100 }, MENU_OPTION));
  f.field('option_groups', false, (groups, pointer) => checkOptionGroups(r, groups, pointer));
  return r.problems;
}

/** The app's HTTP answer to a view_submission of `submittedView`. */
export function checkViewSubmissionAck(body: unknown, submittedView: { blocks?: unknown[] }): string[] {
  if (body === undefined || body === '') return []; // closes the modal
  const r = new Report();
  if (!isObject(body)) {
    r.add('', 'must provide an object');
    return r.problems;
  }
  const f = new Fields(r, body, '');
  f.enum('response_action', ['clear', 'update', 'push', 'errors'], true);
  if (body.response_action === 'update' || body.response_action === 'push') {
    f.field('view', true, (view, pointer) => {
      checkViewAt(r, view, pointer);
      if (isObject(view) && view.type === 'home') r.add(at(pointer, 'type'), 'must be modal: a home tab is published');
    });
  }
  if (body.response_action === 'errors') {
    f.field('errors', true, (errors, pointer) =>
      checkSubmissionErrors(r, errors, pointer, inputBlockIds(submittedView)),
    );
  }
  return r.problems;
}

/** The error Slack answers with when a surface breaks these rules (slack-limits.md, "Responses and errors"). */
export function slackErrorCode(kind: 'view' | 'message'): 'invalid_arguments' | 'invalid_blocks' {
  return kind === 'view' ? 'invalid_arguments' : 'invalid_blocks';
}

function checkViewAt(r: Report, view: unknown, pointer: string): void {
  if (!isObject(view)) return r.add(pointer, 'must provide an object');
  const f = new Fields(r, view, pointer);
  f.enum('type', ['modal', 'home'], true);
  if (view.type === 'modal') {
    textField(f, 'title', { required: true, plain: true, max: 24 });
    textField(f, 'submit', { plain: true, max: 24 });
    textField(f, 'close', { plain: true, max: 24 });
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    if (view.submit === undefined && blocks.some((block) => isObject(block) && block.type === 'input')) {
      r.add(at(pointer, 'submit'), 'missing required field: submit (a modal with input blocks needs one)');
    }
  }
  if (view.type === 'home') {
    for (const key of ['title', 'submit', 'close']) f.forbid(key, `a home tab has no ${key}`);
  }
  f.field('blocks', true, (blocks, blocksPointer) => checkBlocks(r, blocks, blocksPointer, VIEW_BLOCKS));
  f.string('private_metadata', { max: 3000 });
  f.string('callback_id', { max: 255 });
  f.string('external_id', { max: 255 });
  for (const key of ['clear_on_close', 'notify_on_close', 'submit_disabled']) f.boolean(key);
  for (const extra of r.focused.slice(1)) r.add(extra, 'focus_on_load may be true on only one element of a view');
  const bytes = Buffer.byteLength(JSON.stringify(view));
  if (bytes > VIEW_BYTES) r.add(pointer, `the view is ${bytes} bytes of JSON, more than 250 kB: view_too_large`);
}

function checkAttachments(r: Report, attachments: unknown, pointer: string): void {
  if (Array.isArray(attachments) && attachments.length > 100) {
    r.add(pointer, `no more than 100 items allowed (got ${attachments.length}): too_many_attachments`);
  }
  checkList(r, attachments, pointer, {}, (item, itemPointer) => {
    if (!isObject(item)) return r.add(itemPointer, 'must provide an object');
    const f = new Fields(r, item, itemPointer);
    f.string('footer', { max: 300 });
    f.field('blocks', false, (blocks, blocksPointer) => checkBlocks(r, blocks, blocksPointer));
  });
}

function hasContent(message: Json): boolean {
  const given = (value: unknown) => (typeof value === 'string' || Array.isArray(value)) && value.length > 0;
  return [message.text, message.blocks, message.attachments, message.markdown_text].some(given);
}

function inputBlockIds(view: { blocks?: unknown[] }): string[] {
  return (view.blocks ?? []).flatMap((block) =>
    isObject(block) && block.type === 'input' && typeof block.block_id === 'string' ? [block.block_id] : [],
  );
}

function checkSubmissionErrors(r: Report, errors: unknown, pointer: string, inputIds: string[]): void {
  if (!isObject(errors)) return r.add(pointer, 'must provide an object');
  // Slack may take {}; the modal then stays open saying nothing, which is always a bug of ours.
  if (Object.keys(errors).length === 0) r.add(pointer, 'must name at least one input block');
  for (const [blockId, message] of Object.entries(errors)) {
    const here = at(pointer, blockId);
    if (!inputIds.includes(blockId))
      r.add(here, `${blockId} is not the block_id of an input block of the submitted view`);
    checkString(r, message, here, { min: 1, max: SUBMISSION_ERROR });
  }
}
