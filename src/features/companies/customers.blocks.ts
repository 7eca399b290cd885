import { Blocks, Elements, Message, Modal } from 'slack-block-builder';
import type { CompanyNode } from './customers.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { escapeFit, packLines, TEXT_LIMIT } from '../../slack/fit.ts';
import { companyOption, companyPicker, type CompanyChoices } from './company-picker.blocks.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import { MAX_COMPANY_NAME_LENGTH } from './companies.rules.ts';

export const CUSTOMER_ADD_ACTION = 'customer_add';
export const CUSTOMER_RENAME_ACTION = 'customer_rename';
export const ADD_CUSTOMER_VIEW = 'add_customer';
export const RENAME_CUSTOMER_VIEW = 'rename_customer';
export const CUSTOMER_BLOCKS = { name: 'name', parentId: 'parentId' } as const;

const LINES_PER_SECTION = 20;
// 50 blocks a message: the title, the actions and up to 45 sections of (up to) 20 lines.
const MAX_SECTIONS = 45;

function line(company: CompanyNode): string {
  const indent = company.depth ? `${'    '.repeat(company.depth - 1)}↳ ` : '';
  const deactivated = company.deactivatedUsers ? `, ${company.deactivatedUsers} deactivated` : '';
  const invited = company.invitedUsers ? `, ${company.invitedUsers} invited` : '';
  return `${indent}*${escapeMrkdwn(company.name)}* — ${company.activeUsers} active${deactivated}${invited}`;
}

/** `/customers`: the company tree with user counts, and (for Admins) add and rename. */
export function customerTreeMessage(companies: CompanyNode[], canManage: boolean) {
  const sections = packLines(companies.map(line), MAX_SECTIONS, { perText: LINES_PER_SECTION }).map((text) =>
    Blocks.Section({ text }),
  );
  const actions = canManage
    ? [
        Blocks.Actions().elements(
          Elements.Button({ text: 'Add customer company', actionId: CUSTOMER_ADD_ACTION }).primary(),
          Elements.StaticSelect({ actionId: CUSTOMER_RENAME_ACTION, placeholder: 'Rename a company…' }).options(
            companies.slice(0, 100).map(companyOption),
          ),
        ),
      ]
    : [];
  return {
    text: `Your companies: ${companies.length}.`,
    blocks: Message()
      .blocks(Blocks.Section({ text: `*Your companies* (${companies.length})` }), ...sections, ...actions)
      .getBlocks(),
  };
}

function nameInput(initial?: string) {
  const input = Elements.TextInput({ actionId: VALUE, maxLength: MAX_COMPANY_NAME_LENGTH });
  if (initial) input.initialValue(initial);
  return Blocks.Input({ label: 'Name', blockId: CUSTOMER_BLOCKS.name }).element(input);
}

export function addCustomerModal(choices: CompanyChoices) {
  return Modal({ title: 'Add customer company', submit: 'Add', close: 'Cancel', callbackId: ADD_CUSTOMER_VIEW })
    .blocks(
      nameInput(),
      companyPicker(choices, {
        blockId: CUSTOMER_BLOCKS.parentId,
        label: 'Customer of',
        hint: 'Your company, or one of its customer companies (a reseller).',
      }),
    )
    .buildToObject();
}

export function renameCustomerModal(company: { id: string; name: string; path: string }) {
  return Modal({
    title: 'Rename company',
    submit: 'Rename',
    close: 'Cancel',
    callbackId: RENAME_CUSTOMER_VIEW,
    privateMetaData: JSON.stringify({ id: company.id }),
  })
    .blocks(Blocks.Section({ text: escapeFit(company.path, TEXT_LIMIT) }), nameInput(company.name))
    .buildToObject();
}
