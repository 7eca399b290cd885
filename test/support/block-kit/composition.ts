// Composition objects: text, option, option group, confirm dialog, conversation filter,
// dispatch_action_config, and the image source shared by image blocks and image elements.
import { Fields, type Report, checkEnum, checkList, isObject, type Bounds } from './report.ts';

export const STYLES = ['primary', 'danger'];

export interface TextRules {
  /** Most characters allowed; a text object never takes more than 3000. */
  max?: number;
  /** Only plain_text is allowed (titles, labels, buttons, menu options...). */
  plain?: boolean;
}

export function checkText(r: Report, value: unknown, pointer: string, { max = 3000, plain = false }: TextRules = {}) {
  if (!isObject(value)) return r.add(pointer, 'must provide an object');
  const f = new Fields(r, value, pointer);
  f.enum('type', plain ? ['plain_text'] : ['plain_text', 'mrkdwn'], true);
  f.string('text', { required: true, min: 1, max });
  f.boolean('emoji');
  f.boolean('verbatim');
  if (value.type !== 'plain_text') f.forbid('emoji', 'emoji is only allowed on plain_text');
  if (value.type !== 'mrkdwn') f.forbid('verbatim', 'verbatim is only allowed on mrkdwn');
}

export function textField(f: Fields, key: string, rules: TextRules & { required?: boolean } = {}): void {
  f.field(key, rules.required ?? false, (value, pointer) => checkText(f.r, value, pointer, rules));
}

export interface OptionRules {
  /** Text and description must be plain_text (every menu; checkboxes and radio buttons take mrkdwn too). */
  plain: boolean;
  /** A url is allowed (overflow menus only). */
  url: boolean;
}

export const MENU_OPTION: OptionRules = { plain: true, url: false };

export function checkOption(r: Report, value: unknown, pointer: string, rules: OptionRules): void {
  if (!isObject(value)) return r.add(pointer, 'must provide an object');
  const f = new Fields(r, value, pointer);
  textField(f, 'text', { required: true, max: 75, plain: rules.plain });
  f.string('value', { required: true, max: 150 });
  textField(f, 'description', { max: 75, plain: rules.plain });
  if (rules.url) f.string('url', { max: 3000 });
  else f.forbid('url', 'url is only allowed on the options of an overflow menu');
}

export function checkOptions(r: Report, value: unknown, pointer: string, bounds: Bounds, rules: OptionRules): void {
  checkList(r, value, pointer, bounds, (option, itemPointer) => checkOption(r, option, itemPointer, rules));
}

export function checkOptionGroups(r: Report, value: unknown, pointer: string): void {
  checkList(r, value, pointer, { max: 100 }, (group, groupPointer) => {
    if (!isObject(group)) return r.add(groupPointer, 'must provide an object');
    const f = new Fields(r, group, groupPointer);
    textField(f, 'label', { required: true, plain: true, max: 75 });
    f.field('options', true, (options, pointer) =>
      checkOptions(r, options, pointer, { min: 1, max: 100 }, MENU_OPTION),
    );
  });
}

/** Every option of a menu, whether given as options or inside option_groups. */
export function allOptions(element: { options?: unknown; option_groups?: unknown }): unknown[] {
  const options = Array.isArray(element.options) ? element.options : [];
  const groups = Array.isArray(element.option_groups) ? element.option_groups : [];
  return [
    ...options,
    ...groups.flatMap((group) => (isObject(group) && Array.isArray(group.options) ? group.options : [])),
  ];
}

export function checkConfirm(r: Report, value: unknown, pointer: string): void {
  if (!isObject(value)) return r.add(pointer, 'must provide an object');
  const f = new Fields(r, value, pointer);
  textField(f, 'title', { required: true, plain: true, max: 100 });
  textField(f, 'text', { required: true, max: 300 });
  textField(f, 'confirm', { required: true, plain: true, max: 30 });
  textField(f, 'deny', { required: true, plain: true, max: 30 });
  f.enum('style', STYLES);
}

const FILTER_FIELDS = ['include', 'exclude_external_shared_channels', 'exclude_bot_users'];

export function checkConversationFilter(r: Report, value: unknown, pointer: string): void {
  if (!isObject(value)) return r.add(pointer, 'must provide an object');
  if (!FILTER_FIELDS.some((key) => value[key] !== undefined)) {
    r.add(pointer, `a conversation filter needs at least one of ${FILTER_FIELDS.join(', ')}`);
  }
  const f = new Fields(r, value, pointer);
  f.list('include', { min: 1 }, (item, itemPointer) =>
    checkEnum(r, item, itemPointer, ['im', 'mpim', 'private', 'public']),
  );
  f.boolean('exclude_external_shared_channels');
  f.boolean('exclude_bot_users');
}

export function checkDispatchActionConfig(r: Report, value: unknown, pointer: string): void {
  if (!isObject(value)) return r.add(pointer, 'must provide an object');
  new Fields(r, value, pointer).list('trigger_actions_on', {}, (item, itemPointer) =>
    checkEnum(r, item, itemPointer, ['on_enter_pressed', 'on_character_entered']),
  );
}

/** Image blocks and image elements take exactly one of image_url (≤ 3000) and slack_file ({url} or {id}). */
export function checkImageSource(f: Fields): void {
  const given = ['image_url', 'slack_file'].filter((key) => f.object[key] !== undefined);
  if (given.length !== 1) f.r.add(f.pointer, `must give exactly one of image_url and slack_file (got ${given.length})`);
  f.string('image_url', { max: 3000 });
  f.must('slack_file', isSlackFile, 'must be an object with either url or id');
}

function isSlackFile(value: unknown): boolean {
  return isObject(value) && (typeof value.url === 'string') !== (typeof value.id === 'string');
}
