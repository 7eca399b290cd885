import { textField } from '../../core/text.rules.ts';

/** The limits of the companies' and locations' fields: the forms' `max_length` reads these. */
export const MAX_COMPANY_NAME_LENGTH = 100;
export const MAX_LOCATION_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 300;

export const organizationNameSchema = textField({
  what: 'company name',
  max: MAX_COMPANY_NAME_LENGTH,
  visible: true,
  tooLong: `A company name has at most ${MAX_COMPANY_NAME_LENGTH} characters.`,
});

export const locationNameSchema = textField({
  what: 'location name',
  max: MAX_LOCATION_NAME_LENGTH,
  visible: true,
  empty: `Name the location (at most ${MAX_LOCATION_NAME_LENGTH} characters), e.g. Berlin office.`,
  tooLong: `Name the location (at most ${MAX_LOCATION_NAME_LENGTH} characters), e.g. Berlin office.`,
});

export const addressSchema = textField({ what: 'address', max: MAX_ADDRESS_LENGTH, optional: true, multiline: true });
