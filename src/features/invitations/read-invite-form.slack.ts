import { z } from 'zod';
import { readPayload } from '../../slack/metadata.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import { COMPANY_ACTION } from '../companies/index.ts';
import { INVITE_BLOCKS, LICENSE_ON, type InviteRowValues } from './invite-form.blocks.ts';
import { MAX_INVITE_ROWS } from './invitations.rules.ts';

type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_options?: { value: string }[];
      selected_option?: { value: string } | null;
      files?: UploadedFile[];
    }
  >
>;

/** A file as Slack describes it in a view submission. */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  filetype?: string;
  url_private_download?: string;
}

/** What the modal holds: rows (as typed), product, company and file. */
export function readInviteForm(values: StateValues, rowCount: number) {
  const rows: InviteRowValues[] = [];
  for (let index = 0; index < rowCount; index++) {
    rows.push({
      email: values[INVITE_BLOCKS.email(index)]?.[VALUE]?.value ?? '',
      license: Boolean(
        values[INVITE_BLOCKS.license(index)]?.[VALUE]?.selected_options?.some((option) => option.value === LICENSE_ON),
      ),
    });
  }
  return {
    rows,
    product: values[INVITE_BLOCKS.product]?.[VALUE]?.selected_option?.value ?? undefined,
    organizationId: values[INVITE_BLOCKS.company]?.[COMPANY_ACTION]?.selected_option?.value ?? '',
    file: values[INVITE_BLOCKS.file]?.[VALUE]?.files?.[0],
  };
}

const formRows = z.object({ rows: z.number().int().min(0).max(MAX_INVITE_ROWS) });

/** How many rows the modal shows, from its private metadata (BrokenPayload when it can't be read). */
export function rowCountOf(privateMetadata: string): number {
  return Math.max(1, readPayload(formRows, privateMetadata, 'invitation form metadata').rows);
}
