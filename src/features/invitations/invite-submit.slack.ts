import type { ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import type { WebClient } from '@slack/web-api';
import { ValidationError } from '../../core/errors.ts';
import { MAX_FILE_BYTES } from './invite-csv.rules.ts';
import { MAX_INVITE_ROWS } from './invitations.rules.ts';
import { stageImport } from './invitation-staging.ts';
import { inviteUsers } from './invitations.ts';
import type { ActorRef } from '../../core/actors.ts';
import { actorOf } from '../../slack/actor.ts';
import { INVITE_BLOCKS, INVITE_VIEW } from './invite-form.blocks.ts';
import { readInviteForm, rowCountOf, type UploadedFile } from './read-invite-form.slack.ts';
import { fileRefusedMessage, importPreviewMessage } from './invitations.blocks.ts';
import { messageModal } from '../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { downloadSlackFile } from './uploaded-file.slack.ts';
import { refusalMessage, somethingWentWrong } from '../../slack/respond-error.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';
import { plural } from '../../core/words.rules.ts';

const ROW_BLOCKS = Object.fromEntries(
  Array.from({ length: MAX_INVITE_ROWS }, (_, row) => [INVITE_BLOCKS.email(row), INVITE_BLOCKS.email(row)]),
);
const BLOCKS = {
  ...ROW_BLOCKS,
  company: INVITE_BLOCKS.company,
  product: INVITE_BLOCKS.product,
  file: INVITE_BLOCKS.file,
};

/** Refuses a file Slack already describes as unusable, before downloading it. */
function checkUpload(file: UploadedFile): void {
  if (!/\.(csv|txt)$/i.test(file.name) && !['csv', 'text'].includes(file.filetype ?? '')) {
    throw new ValidationError({
      file: `${file.name} is not a CSV file. Save the sheet as CSV (email,true/false) and upload that.`,
    });
  }
  if (file.size > MAX_FILE_BYTES)
    throw new ValidationError({ file: 'The file is larger than 10 MB. Split it into smaller files.' });
  if (file.size === 0) throw new ValidationError({ file: 'The file is empty.' });
}

/**
 * Submitting /inviteusers: typed rows are invited at once (inline errors per row); an uploaded file is
 * checked in a dry run that arrives as a DM with Import / Cancel, since reading a large file takes
 * longer than Slack waits for the modal's answer.
 */
export function register(app: Listeners, { db, settings, emailDropDir }: SlackDeps): void {
  app.view<ViewSubmitAction>(INVITE_VIEW, async ({ ack, view, body, context, client }) => {
    // Set once the file passed the form's checks.
    let upload: { file: UploadedFile; actor: ActorRef; form: ReturnType<typeof readInviteForm> } | undefined;
    await answerSubmission(
      ack,
      async () => {
        // Read inside: a form whose metadata can't be read is answered "out of date".
        const form = readInviteForm(view.state.values as never, rowCountOf(view.private_metadata));
        const file = form.file;
        const actor = actorOf(context);
        if (!file) {
          const result = await inviteUsers(db, settings, actor, { ...form, rows: form.rows });
          const waiting = result.invited.filter((person) => !person.license).length;
          const sent = result.invited.length - waiting;
          return {
            response_action: 'update',
            view: messageModal(
              'Invited',
              `${plural(sent, 'invitation')} to ${result.company} ${sent === 1 ? 'is on its' : 'are on their'} way${waiting ? `; ${waiting} ${waiting === 1 ? 'person is listed and waits' : 'people are listed and wait'} for a license before their invitation goes out` : ''}. Workspace members get a Slack DM; everyone else an email.${emailDropDir ? ` No mail server is set up (SMTP_URL), so those emails are written as .eml files to ${emailDropDir} on the Switchboard server: forward them yourself, or ask whoever runs Switchboard to set SMTP_URL.` : ''}`,
            ),
          };
        }
        if (form.rows.some((row) => row.email.trim())) {
          throw new ValidationError({
            file: 'Invite by typing emails or by uploading a file, not both: clear the emails or remove the file.',
          });
        }
        checkUpload(file);
        upload = { file, actor, form };
        return {
          response_action: 'update',
          view: messageModal(
            'Checking the file',
            `Checking ${file.name}… The dry run arrives as a direct message from Switchboard, with Import and Cancel.`,
          ),
        };
      },
      { blocks: BLOCKS, fallback: INVITE_BLOCKS.email(0), title: 'Can’t invite' },
    );
    if (!upload) return;
    const { actor, form } = upload;
    const fileName = upload.file.name;
    const stage = (content: Buffer) =>
      stageImport(db, actor, { organizationId: form.organizationId, product: form.product, fileName, content });
    await previewUpload(client, body.user.id, context.botToken ?? '', upload.file, stage);
  });
}

/**
 * Downloads the file, runs the dry run and DMs its outcome to the admin who uploaded it — or why
 * not. The form was answered already, so an unexpected error is DMed as "went wrong" and rethrown
 * to the app's error handler, which logs it.
 */
async function previewUpload(
  client: WebClient,
  slackUserId: string,
  token: string,
  file: UploadedFile,
  stage: (content: Buffer) => ReturnType<typeof stageImport>,
) {
  const dm = (message: { text: string; blocks: unknown[] }) =>
    client.chat.postMessage({ channel: slackUserId, text: message.text, blocks: message.blocks as never });
  try {
    const content = await downloadSlackFile(file, token, client.slackApiUrl);
    const { importId, preview } = await stage(content);
    await dm(importPreviewMessage(importId, file.name, preview));
  } catch (error) {
    const reason = refusalMessage(error);
    await dm(fileRefusedMessage(file.name, reason ?? somethingWentWrong(error)));
    if (reason === undefined) throw error;
  }
}
