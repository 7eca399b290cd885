// Rich text: a rich_text block, a rich_text_input's initial_value and a table's rich_text cell.
import { Fields, type Report, checkEnum, isObject } from './report.ts';

/** Inline elements and the fields each requires. */
const INLINE: Record<string, string[]> = {
  text: ['text'],
  link: ['url'],
  emoji: ['name'],
  channel: ['channel_id'],
  user: ['user_id'],
  usergroup: ['usergroup_id'],
  team: ['team_id'],
  broadcast: ['range'],
  date: ['timestamp', 'format'],
  color: ['value'],
};
const ANY_INLINE = Object.keys(INLINE);

/** Rich text containers and what each may hold. */
const CONTAINERS: Record<string, string[]> = {
  rich_text_section: ANY_INLINE,
  rich_text_quote: ANY_INLINE,
  rich_text_preformatted: ['text', 'link'],
  rich_text_list: ['rich_text_section'],
};

export function checkRichText(r: Report, value: unknown, pointer: string): void {
  if (!isObject(value)) return r.add(pointer, 'must provide an object');
  const f = new Fields(r, value, pointer);
  f.enum('type', ['rich_text'], true);
  f.list('elements', { required: true }, (item, itemPointer) =>
    checkRichElement(r, item, itemPointer, Object.keys(CONTAINERS)),
  );
}

function checkRichElement(r: Report, value: unknown, pointer: string, allowed: string[]): void {
  if (!isObject(value)) return r.add(pointer, 'must provide an object');
  const f = new Fields(r, value, pointer);
  const type = typeof value.type === 'string' && allowed.includes(value.type) ? value.type : undefined;
  if (!type) return f.field('type', true, (given, typePointer) => checkEnum(r, given, typePointer, allowed));
  const children = CONTAINERS[type];
  if (children) {
    f.list('elements', { required: true }, (item, itemPointer) => checkRichElement(r, item, itemPointer, children));
  } else {
    for (const key of INLINE[type] ?? []) f.field(key, true, () => {});
  }
  if (type === 'rich_text_list') f.enum('style', ['bullet', 'ordered'], true);
  if (type === 'broadcast') f.enum('range', ['here', 'channel', 'everyone']);
}
