// A real SMTP server that keeps what it receives and shows it over HTTP, so browser tests
// read the very emails the portal sends (magic links, receipts).
import http from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SunkMessage = {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; size: number; contentBase64: string }[];
  receivedAt: string;
};

/** Listens on 127.0.0.1:`port` (0: a free port the system picks) and answers the bound port; a
 * port already taken rejects, instead of an uncaught error and a sink that never starts. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Ports 0 (the default) let the system pick free ones, read back from `smtpPort`/`httpPort`. */
export async function startSmtpSink({ smtpPort = 0, httpPort = 0 }: { smtpPort?: number; httpPort?: number } = {}) {
  const messages: SunkMessage[] = [];
  // While refusing, every connection is turned away as an overloaded server does (421), so
  // fault tests can watch the portal retry.
  let refusing = false;
  // Holding: after `holdAfter` accepted messages, the next ones are received but not yet
  // answered, as a slow server does; a message whose client disconnects before the answer
  // (a killed portal) was never delivered, exactly as in SMTP.
  let holdAfter: number | null = null;
  const held: { sessionId: string; message: SunkMessage; callback: (error?: Error | null) => void }[] = [];
  const closedSessions = new Set<string>();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (!refusing) return callback();
      const error = Object.assign(new Error('Service not available, try again later'), { responseCode: 421 });
      return callback(error);
    },
    // A pooled connection opened before the refusal began is turned away at its next message.
    onMailFrom(_address, _session, callback) {
      if (!refusing) return callback();
      return callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
    },
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const message: SunkMessage = {
            messageId: mail.messageId ?? '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            attachments: mail.attachments.map((attachment) => ({
              filename: attachment.filename ?? '',
              contentType: attachment.contentType,
              size: attachment.size,
              contentBase64: attachment.content.toString('base64'),
            })),
            receivedAt: new Date().toISOString(),
          };
          if (holdAfter !== null && messages.length >= holdAfter) {
            held.push({ sessionId: session.id, message, callback });
            return;
          }
          messages.push(message);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  const api = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sink');
    if (url.pathname === '/refuse' && request.method === 'POST') {
      refusing = url.searchParams.get('on') === '1';
      response.writeHead(204).end();
      return;
    }
    if (url.pathname !== '/messages') {
      response.writeHead(404).end();
      return;
    }
    const to = url.searchParams.get('to')?.toLowerCase();
    const found = to ? messages.filter((message) => message.to.includes(to)) : messages;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
  });

  // A client that vanishes mid-conversation (a killed worker) resets its connection: that is
  // the client's failure, not the sink's.
  smtp.on('error', () => {});
  const boundSmtpPort = await listen(smtp.server, smtpPort);
  const boundHttpPort = await listen(api, httpPort).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  });

  return {
    smtpPort: boundSmtpPort,
    httpPort: boundHttpPort,
    messages,
    setRefusing(value: boolean) {
      refusing = value;
    },
    /** Answers no message after the first `count` until release(). */
    holdAfter(count: number) {
      holdAfter = count;
    },
    /** How many messages wait for an answer. */
    heldCount: () => held.length,
    /** Of those, how many clients are still connected, waiting. */
    heldConnected: () => held.filter((entry) => !closedSessions.has(entry.sessionId)).length,
    /** Answers the held messages whose client is still connected, and stops holding. */
    release() {
      holdAfter = null;
      for (const entry of held.splice(0)) {
        if (closedSessions.has(entry.sessionId)) continue;
        messages.push(entry.message);
        entry.callback();
      }
    },
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}
