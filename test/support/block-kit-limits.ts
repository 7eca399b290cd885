// Slack's documented Block Kit limits, checked by the fake Web API so that a view or message
// Slack would reject fails in tests too.
const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  viewBytes: 250_000,
  privateMetadata: 3_000,
  title: 24,
  staticOptions: 100,
  optionText: 75,
  actionsElements: 25,
  sectionText: 3_000,
};

type Json = Record<string, any>;

export function checkView(view: Json | undefined): string[] {
  if (!view || typeof view !== 'object') return ['view is missing or not JSON'];
  const problems: string[] = [];
  const blocks: Json[] = view.blocks ?? [];
  if (blocks.length > LIMITS.viewBlocks) problems.push(`view has ${blocks.length} blocks (max ${LIMITS.viewBlocks})`);
  if (JSON.stringify(view).length > LIMITS.viewBytes) problems.push('view is larger than 250 kB');
  if ((view.private_metadata ?? '').length > LIMITS.privateMetadata)
    problems.push('private_metadata over 3000 characters');
  for (const field of ['title', 'submit', 'close']) {
    const text = view[field]?.text;
    if (text !== undefined && text.length > LIMITS.title) problems.push(`${field} over ${LIMITS.title} characters`);
  }
  if (view.type === 'modal' && !view.title?.text) problems.push('a modal needs a title');
  if (!['modal', 'home'].includes(view.type)) problems.push(`unknown view type ${view.type}`);
  const hasInputs = blocks.some((block) => block.type === 'input');
  if (hasInputs && !view.submit) problems.push('a modal with inputs needs a submit button');
  return [...problems, ...checkBlocks(blocks)];
}

export function checkMessageBlocks(blocks: Json[] | undefined): string[] {
  if (!blocks) return [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const problems =
    blocks.length > LIMITS.messageBlocks ? [`message has ${blocks.length} blocks (max ${LIMITS.messageBlocks})`] : [];
  return [...problems, ...checkBlocks(blocks)];
}

function checkBlocks(blocks: Json[]): string[] {
  const problems: string[] = [];
  const blockIds = new Set<string>();
  for (const block of blocks) {
    if (block.block_id) {
      if (blockIds.has(block.block_id)) problems.push(`duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    if (block.type === 'actions' && (block.elements ?? []).length > LIMITS.actionsElements) {
      problems.push(`actions block with more than ${LIMITS.actionsElements} elements`);
    }
    if (block.type === 'section' && (block.text?.text ?? '').length > LIMITS.sectionText) {
      problems.push('section text over 3000 characters');
    }
    for (const element of [block.element, block.accessory, ...(block.elements ?? [])]) {
      if (element) problems.push(...checkElement(element));
    }
  }
  return problems;
}

function checkElement(element: Json): string[] {
  const problems: string[] = [];
  const options: Json[] = element.options ?? [];
  if (/static_select|checkboxes|radio_buttons/.test(element.type ?? '') && options.length > LIMITS.staticOptions) {
    problems.push(`${element.type} with ${options.length} options (max ${LIMITS.staticOptions})`);
  }
  for (const option of options) {
    if ((option.text?.text ?? '').length > LIMITS.optionText) problems.push('option text over 75 characters');
  }
  if (element.type === 'checkboxes' && options.length > 10) problems.push('checkboxes with more than 10 options');
  return problems;
}
