import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailConfig } from '../../config.ts';
import type { InvitationEmail } from './invitation-delivery.ts';
import { invitationMessage } from './invitation-email.mail.ts';
import type { PasswordLinkMessage } from './password-link-delivery.ts';
import { passwordLinkEmail } from './password-link-email.mail.ts';

/**
 * Sends invitation and set-password emails through SMTP_URL, or — with none configured — writes each as an .eml
 * file under DATA_DIR/outbox-mail/, where an admin can pick it up (any mail program opens it).
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly config: MailConfig) {
    // One connection, kept open and reused (the courier sends one email at a time), so an import's
    // emails don't each pay for a new connection and greeting. A mail server that stops answering
    // fails the send in seconds, not nodemailer's ten minutes, and the courier retries it later.
    // SMTP_URL's own settings (e.g. ?socketTimeout=) win.
    this.transport = config.smtpUrl
      ? createTransport({
          url: config.smtpUrl,
          pool: true,
          maxConnections: 1,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /** Whether emails really go out (SMTP) or are only filed. */
  get sends(): boolean {
    return Boolean(this.config.smtpUrl);
  }

  sendInvitation(email: InvitationEmail): Promise<void> {
    return this.send(invitationMessage(email, this.config.publicUrl));
  }

  sendPasswordLink(message: PasswordLinkMessage): Promise<void> {
    return this.send(passwordLinkEmail(message, this.config.publicUrl));
  }

  private async send(email: { to: string; subject: string; text: string; html: string }): Promise<void> {
    const info = await this.transport.sendMail({ from: this.config.from, ...email });
    if (this.sends) return;
    await mkdir(this.config.dropDir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${email.to.replace(/[^a-z0-9@._-]/gi, '_')}.eml`;
    await writeFile(join(this.config.dropDir, name), info.message as Buffer, { mode: 0o600 });
  }

  close(): void {
    this.transport.close();
  }
}
