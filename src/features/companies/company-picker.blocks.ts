import type { Option } from '@slack/types';
import { Bits, Blocks, Elements, OptionCollection } from 'slack-block-builder';
import type { CompanyOption } from '../../core/scope.ts';
import { fitStart, OPTION_LIMIT } from '../../slack/fit.ts';

export const COMPANY_ACTION = 'company';

/** Slack allows 100 options in a static select; more companies than that are searched instead. */
export const STATIC_SELECT_LIMIT = 100;

export interface CompanyChoices {
  /** Selected at first. */
  selected: CompanyOption;
  /** Companies in scope; when there are more than Slack's limit, the picker searches instead. */
  companies: CompanyOption[];
  totalCompanies: number;
}

export function companyOption(company: CompanyOption) {
  // A deep path shows its end: the company itself and the ones just above it.
  return Bits.Option({ text: fitStart(company.path, OPTION_LIMIT), value: company.id });
}

/** The searchable company picker's answer: the companies found (Slack shows 100 at most). */
export function companyOptions(companies: CompanyOption[]): { options: Option[] } {
  // Bolt's option type is stricter than the builder's output, which is the same JSON.
  const built = OptionCollection(companies.slice(0, STATIC_SELECT_LIMIT).map(companyOption));
  return { options: built as unknown as Option[] };
}

/** A company picker: a static select, or a searchable one past Slack's 100 options. */
export function companyPicker(choices: CompanyChoices, place: { blockId: string; label: string; hint: string }) {
  const initial = companyOption(choices.selected);
  const element =
    choices.totalCompanies > STATIC_SELECT_LIMIT
      ? Elements.ExternalSelect({
          actionId: COMPANY_ACTION,
          minQueryLength: 0,
          placeholder: 'Search companies',
        }).initialOption(initial)
      : Elements.StaticSelect({ actionId: COMPANY_ACTION })
          .options(choices.companies.map(companyOption))
          .initialOption(initial);
  return Blocks.Input({ label: place.label, blockId: place.blockId }).hint(place.hint).element(element);
}
