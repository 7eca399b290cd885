import { VALUE } from '../../slack/modals.blocks.ts';
import { COMPANY_ACTION } from '../companies/index.ts';
import type { SetupState } from './setup.rules.ts';
import { NONE, SETUP_BLOCKS, SETUP_NUMBER_ACTION } from './setup-wizard.blocks.ts';

type Values = Record<
  string,
  Record<
    string,
    { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] }
  >
>;

/** Reads the fields of whichever step `values` come from into the wizard's state. Never trusted for authority. */
export function readStep(step: 1 | 2 | 3, values: Values, state: SetupState): SetupState {
  const textOf = (block: string) => values[block]?.[VALUE]?.value ?? '';
  const chosen = (block: string, action = VALUE) => {
    const value = values[block]?.[action]?.selected_option?.value ?? '';
    return value === NONE ? '' : value;
  };
  if (step === 1) {
    return {
      ...state,
      details: {
        firstName: textOf(SETUP_BLOCKS.firstName),
        lastName: textOf(SETUP_BLOCKS.lastName),
        email: textOf(SETUP_BLOCKS.email),
        loginId: textOf(SETUP_BLOCKS.loginId),
        organizationId: chosen(SETUP_BLOCKS.organizationId, COMPANY_ACTION),
      },
    };
  }
  if (step === 2) {
    return {
      ...state,
      telephony: {
        number: chosen(SETUP_BLOCKS.number, SETUP_NUMBER_ACTION),
        extension: textOf(SETUP_BLOCKS.extension),
        station: chosen(SETUP_BLOCKS.station),
        applications: (values[SETUP_BLOCKS.applications]?.[VALUE]?.selected_options ?? []).map((o) => o.value),
      },
    };
  }
  return {
    ...state,
    equipment: {
      deviceId: chosen(SETUP_BLOCKS.device),
      ports: textOf(SETUP_BLOCKS.ports),
      locationId: chosen(SETUP_BLOCKS.location),
    },
  };
}
