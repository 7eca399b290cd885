// Block elements: which block each may appear in, the fields every interactive element shares,
// and one rule per element type. An element type not in ELEMENTS is refused.
import {
  MENU_OPTION,
  STYLES,
  allOptions,
  checkConfirm,
  checkConversationFilter,
  checkDispatchActionConfig,
  checkImageSource,
  checkOption,
  checkOptionGroups,
  checkOptions,
  textField,
  type OptionRules,
} from './composition.ts';
import { Fields, type Report, at, isObject, sameJson } from './report.ts';
import { checkRichText } from './rich-text.ts';

export type Slot = 'section' | 'actions' | 'input' | 'context';

const SELECTS = ['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'];
const PICKERS = [
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'timepicker',
  ...SELECTS,
  ...SELECTS.map((s) => `multi_${s}`),
];

/** Where each element may appear: @slack/types' SectionBlockAccessory, ActionsBlockElement, InputBlockElement. */
const ALLOWED_IN: Record<Slot, string[]> = {
  section: [...PICKERS, 'button', 'workflow_button', 'overflow', 'image'],
  actions: [...PICKERS, 'button', 'workflow_button', 'overflow', 'datetimepicker', 'rich_text_input'],
  input: [
    ...PICKERS,
    'datetimepicker',
    'plain_text_input',
    'email_text_input',
    'url_text_input',
    'number_input',
    'file_input',
    'rich_text_input',
  ],
  context: ['image'],
};

const CHOICE_OPTION: OptionRules = { plain: false, url: false };
const none = () => {};

const ELEMENTS: Record<string, (f: Fields) => void> = {
  button: (f) => {
    textField(f, 'text', { required: true, plain: true, max: 75 });
    f.string('value', { max: 2000 });
    f.string('url', { max: 3000 });
    f.enum('style', STYLES);
    f.string('accessibility_label', { max: 75 });
  },
  workflow_button: (f) => {
    textField(f, 'text', { required: true, plain: true, max: 75 });
    f.must('workflow', isObject, 'must provide an object', true);
    f.enum('style', STYLES);
    f.string('accessibility_label', { max: 75 });
  },
  overflow: (f) =>
    f.field('options', true, (value, pointer) =>
      checkOptions(f.r, value, pointer, { min: 2, max: 5 }, { plain: true, url: true }),
    ),
  static_select: (f) => staticMenu(f, 'initial_option'),
  multi_static_select: (f) => {
    staticMenu(f, 'initial_options');
    f.integer('max_selected_items', { min: 1 });
  },
  external_select: (f) => f.field('initial_option', false, (v, p) => checkOption(f.r, v, p, MENU_OPTION)),
  multi_external_select: (f) => {
    f.list('initial_options', {}, (v, p) => checkOption(f.r, v, p, MENU_OPTION));
    f.integer('max_selected_items', { min: 1 });
  },
  users_select: (f) => f.must('initial_user', isMemberId, 'must be a Slack user id such as U0123ABCD'),
  multi_users_select: (f) => f.integer('max_selected_items', { min: 1 }),
  conversations_select: (f) => f.field('filter', false, (v, p) => checkConversationFilter(f.r, v, p)),
  multi_conversations_select: (f) => {
    f.field('filter', false, (v, p) => checkConversationFilter(f.r, v, p));
    f.integer('max_selected_items', { min: 1 });
  },
  channels_select: none,
  multi_channels_select: (f) => f.integer('max_selected_items', { min: 1 }),
  checkboxes: (f) => choiceList(f, 'initial_options'),
  radio_buttons: (f) => choiceList(f, 'initial_option'),
  plain_text_input: (f) => {
    f.integer('min_length', { min: 0, max: 3000 });
    f.integer('max_length', { min: 1, max: 3000 });
    const { min_length: min, max_length: max } = f.object;
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      f.r.add(at(f.pointer, 'min_length'), `must not be greater than max_length (${min} > ${max})`);
    }
    f.string('initial_value');
    f.boolean('multiline');
  },
  email_text_input: (f) => f.string('initial_value'),
  url_text_input: (f) => f.string('initial_value'),
  number_input: (f) => {
    f.boolean('is_decimal_allowed', true);
    for (const key of ['min_value', 'max_value', 'initial_value'])
      f.must(key, isNumber, 'must be a number given as a string');
    const { min_value: min, max_value: max } = f.object;
    if (isNumber(min) && isNumber(max) && Number(min) > Number(max)) {
      f.r.add(at(f.pointer, 'min_value'), `must not be greater than max_value (${min} > ${max})`);
    }
  },
  datepicker: (f) => f.must('initial_date', isDate, 'must be a date as YYYY-MM-DD'),
  timepicker: (f) => {
    f.must('initial_time', isTime, 'must be a time as HH:mm (24 h)');
    f.must('timezone', isTimeZone, 'must be an IANA time zone name');
  },
  datetimepicker: (f) => f.must('initial_date_time', isUnixSeconds, 'must be a UNIX time in seconds (10 digits)'),
  file_input: (f) => {
    f.integer('max_files', { min: 1, max: 10 });
    f.list('filetypes', {}, (value, pointer) => {
      const ok = typeof value === 'string' && value !== '' && !value.includes('/');
      if (!ok) f.r.add(pointer, 'must be a file extension such as "csv", not a MIME type');
    });
  },
  rich_text_input: (f) => {
    f.integer('min_lines', { min: 1, max: 100 });
    f.integer('max_lines', { min: 1, max: 100 });
    f.field('initial_value', false, (value, pointer) => checkRichText(f.r, value, pointer));
  },
  image: (f) => {
    f.string('alt_text', { required: true });
    checkImageSource(f);
  },
};

export function checkElement(r: Report, element: unknown, pointer: string, slot: Slot): void {
  if (!isObject(element)) return r.add(pointer, 'must provide an object');
  const type = String(element.type);
  const rule = ELEMENTS[type];
  if (!rule) return r.add(at(pointer, 'type'), `unknown element type ${JSON.stringify(element.type)}`);
  if (!ALLOWED_IN[slot].includes(type))
    return r.add(at(pointer, 'type'), `a ${type} is not allowed in a ${slot} block`);
  const f = new Fields(r, element, pointer);
  f.string('action_id', { max: 255 });
  textField(f, 'placeholder', { plain: true, max: 150 });
  f.field('confirm', false, (value, valuePointer) => checkConfirm(r, value, valuePointer));
  f.field('dispatch_action_config', false, (value, valuePointer) => checkDispatchActionConfig(r, value, valuePointer));
  f.boolean('focus_on_load');
  if (element.focus_on_load === true) r.focused.push(at(pointer, 'focus_on_load'));
  rule(f);
}

/** static_select and multi_static_select: options or option_groups, never both. */
function staticMenu(f: Fields, initialKey: string): void {
  if ((f.object.options === undefined) === (f.object.option_groups === undefined)) {
    f.r.add(at(f.pointer, 'options'), 'must give exactly one of options and option_groups');
  }
  f.field('options', false, (value, pointer) => checkOptions(f.r, value, pointer, { min: 1, max: 100 }, MENU_OPTION));
  f.field('option_groups', false, (value, pointer) => checkOptionGroups(f.r, value, pointer));
  initialChoices(f, initialKey);
}

/** checkboxes and radio_buttons: up to 10 options, whose text may be mrkdwn. */
function choiceList(f: Fields, initialKey: string): void {
  f.field('options', true, (value, pointer) => checkOptions(f.r, value, pointer, { min: 1, max: 10 }, CHOICE_OPTION));
  initialChoices(f, initialKey);
}

/**
 * initial_option / initial_options of an element that lists its options: Slack refuses any that is
 * not exactly (deep-equal: text, value, description...) one of them.
 */
function initialChoices(f: Fields, key: string): void {
  const options = allOptions(f.object);
  const check = (value: unknown, pointer: string) => {
    if (!options.some((option) => sameJson(option, value))) f.r.add(pointer, 'must exactly match one of the options');
  };
  if (key === 'initial_option') f.field(key, false, check);
  else f.list(key, {}, check);
}

function isMemberId(value: unknown): boolean {
  return typeof value === 'string' && /^[UW][A-Z0-9]+$/.test(value);
}

function isNumber(value: unknown): boolean {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
}

function isDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function isUnixSeconds(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1e9 && value < 1e10;
}

function isTime(value: unknown): boolean {
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
