// Blocks: one rule per block type, plus what every block shares (block_id ≤ 255, unique in the
// payload). A block type not in BLOCKS is refused.
import { checkImageSource, checkText, textField } from './composition.ts';
import { checkElement } from './elements.ts';
import { Fields, type Report, at, chars, checkList, isObject } from './report.ts';
import { checkRichText } from './rich-text.ts';

const MARKDOWN_TOTAL = 12_000;

const BLOCKS: Record<string, (f: Fields) => void> = {
  section: (f) => {
    if (f.object.text === undefined && f.object.fields === undefined) {
      f.r.add(at(f.pointer, 'text'), 'missing required field: text (or fields)');
    }
    textField(f, 'text', { max: 3000 });
    f.list('fields', { max: 10 }, (value, pointer) => checkText(f.r, value, pointer, { max: 2000 }));
    f.field('accessory', false, (value, pointer) => checkElement(f.r, value, pointer, 'section'));
    f.boolean('expand');
  },
  header: (f) => textField(f, 'text', { required: true, plain: true, max: 150 }),
  context: (f) =>
    f.list('elements', { required: true, min: 1, max: 10 }, (value, pointer) => contextItem(f.r, value, pointer)),
  actions: (f) => {
    f.list('elements', { required: true, min: 1, max: 25 }, (value, pointer) =>
      checkElement(f.r, value, pointer, 'actions'),
    );
    uniqueActionIds(f);
  },
  input: (f) => {
    textField(f, 'label', { required: true, plain: true, max: 2000 });
    textField(f, 'hint', { plain: true, max: 2000 });
    f.field('element', true, (value, pointer) => checkElement(f.r, value, pointer, 'input'));
    f.boolean('optional');
    f.boolean('dispatch_action');
    const element = f.object.element;
    if (f.object.dispatch_action === true && isObject(element) && element.type === 'file_input') {
      f.r.add(at(f.pointer, 'dispatch_action'), 'must not be true on an input block holding a file_input');
    }
  },
  image: (f) => {
    f.string('alt_text', { required: true, max: 2000 });
    checkImageSource(f);
    textField(f, 'title', { plain: true, max: 2000 });
  },
  divider: (f) => {
    for (const key of Object.keys(f.object)) {
      if (key !== 'type' && key !== 'block_id') f.forbid(key, 'a divider takes only type and block_id');
    }
  },
  rich_text: (f) => checkRichText(f.r, f.object, f.pointer),
  markdown: (f) => {
    f.string('text', { required: true });
    if (typeof f.object.text !== 'string') return;
    const before = f.r.markdownChars;
    f.r.markdownChars += chars(f.object.text);
    if (before <= MARKDOWN_TOTAL && f.r.markdownChars > MARKDOWN_TOTAL) {
      f.r.add(
        at(f.pointer, 'text'),
        `all markdown blocks of a payload must be less than ${MARKDOWN_TOTAL + 1} characters together (got ${f.r.markdownChars})`,
      );
    }
  },
  table: (f) => {
    f.list('rows', { required: true, min: 1, max: 100 }, (row, rowPointer) =>
      checkList(f.r, row, rowPointer, { min: 1, max: 20 }, (cell, pointer) => tableCell(f.r, cell, pointer)),
    );
    f.list('column_settings', { max: 20 }, (setting, pointer) => {
      if (setting === null) return; // null leaves a column at its defaults
      if (!isObject(setting)) return f.r.add(pointer, 'must provide an object');
      const column = new Fields(f.r, setting, pointer);
      column.enum('align', ['left', 'center', 'right']);
      column.boolean('is_wrapped');
    });
  },
  video: (f) => {
    f.string('alt_text', { required: true });
    textField(f, 'title', { required: true, plain: true, max: 199 });
    f.string('video_url', { required: true });
    f.string('thumbnail_url', { required: true });
    f.string('author_name', { max: 49 });
    textField(f, 'description', { plain: true });
    for (const key of ['title_url', 'provider_name', 'provider_icon_url']) f.string(key);
  },
};

export function checkBlocks(r: Report, blocks: unknown, pointer: string, max?: number): void {
  checkList(r, blocks, pointer, { max }, (block, blockPointer) => checkBlock(r, block, blockPointer));
}

function checkBlock(r: Report, block: unknown, pointer: string): void {
  if (!isObject(block)) return r.add(pointer, 'must provide an object');
  const rule = BLOCKS[String(block.type)];
  if (!rule) return r.add(at(pointer, 'type'), `unknown block type ${JSON.stringify(block.type)}`);
  const f = new Fields(r, block, pointer);
  f.string('block_id', { min: 1, max: 255 });
  // A markdown block's block_id is dropped by Slack, so it cannot clash.
  if (typeof block.block_id === 'string' && block.type !== 'markdown') {
    if (r.blockIds.has(block.block_id)) r.add(at(pointer, 'block_id'), `duplicate block_id ${block.block_id}`);
    r.blockIds.add(block.block_id);
  }
  rule(f);
}

function contextItem(r: Report, item: unknown, pointer: string): void {
  if (isObject(item) && (item.type === 'plain_text' || item.type === 'mrkdwn')) return checkText(r, item, pointer);
  if (isObject(item) && item.type === 'image') return checkElement(r, item, pointer, 'context');
  r.add(pointer, 'must be an image element or a text object');
}

function tableCell(r: Report, cell: unknown, pointer: string): void {
  if (!isObject(cell)) return r.add(pointer, 'must provide an object');
  if (cell.type === 'rich_text') return checkRichText(r, cell, pointer);
  const f = new Fields(r, cell, pointer);
  f.enum('type', ['raw_text', 'rich_text'], true);
  if (cell.type === 'raw_text') f.string('text', { required: true });
}

function uniqueActionIds(f: Fields): void {
  const seen = new Set<string>();
  const elements = Array.isArray(f.object.elements) ? f.object.elements : [];
  elements.forEach((element, index) => {
    if (!isObject(element) || typeof element.action_id !== 'string') return;
    const pointer = at(at(at(f.pointer, 'elements'), index), 'action_id');
    if (seen.has(element.action_id)) f.r.add(pointer, `duplicate action_id ${element.action_id} in this block`);
    seen.add(element.action_id);
  });
}
