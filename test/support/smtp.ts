import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An email the server accepted (answered 250 to its data). */
export interface ReceivedMail {
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 for tests. It accepts every message, unless told to misbehave
 * for the next ones: `dropNext` cuts the connection once a message's data has arrived, before the
 * server answers (so the message is not accepted, as a crashed or cut-off server would leave it);
 * `delayNext` holds the answer that long.
 */
export class LoopbackSmtp {
  readonly received: ReceivedMail[] = [];
  /** Messages whose data arrived, accepted or not. */
  attempts = 0;
  private readonly server: SMTPServer;
  private readonly sockets = new Map<number, Socket>();
  private readonly behaviours: ({ kind: 'drop' } | { kind: 'delay'; ms: number })[] = [];

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // No reverse DNS of 127.0.0.1: without a network it waits for its timeout on every connection.
      disableReverseLookup: true,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.attempts += 1;
          const behaviour = this.behaviours.shift();
          if (behaviour?.kind === 'drop') {
            this.sockets.get(session.remotePort)?.destroy();
            return;
          }
          const accept = () => {
            this.received.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              raw: Buffer.concat(chunks).toString('utf8'),
            });
            callback();
          };
          if (behaviour?.kind === 'delay') setTimeout(accept, behaviour.ms);
          else accept();
        });
      },
    });
    this.server.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      const port = socket.remotePort ?? 0;
      this.sockets.set(port, socket);
      socket.on('close', () => this.sockets.delete(port));
    });
    // A cut connection is what these tests ask for, not a failure of the server.
    this.server.on('error', () => undefined);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** SMTP_URL for the app. */
  get url(): string {
    const { port } = this.server.server.address() as { port: number };
    return `smtp://127.0.0.1:${port}`;
  }

  /** The next `count` messages are cut off before the server answers. */
  dropNext(count = 1): void {
    for (let i = 0; i < count; i++) this.behaviours.push({ kind: 'drop' });
  }

  /** The next message is answered only after `ms`. */
  delayNext(ms: number): void {
    this.behaviours.push({ kind: 'delay', ms });
  }

  /** Accepted messages to this address, oldest first. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets.values()) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
