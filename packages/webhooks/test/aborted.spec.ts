import * as E from 'fp-ts/Either';
import { PassThrough } from 'node:stream';
import { readStream } from '../src/node/readStream';
import { requestAborted } from '../src/outcome';
import { webhookHandler } from '../src';
import { FRAMEWORKS, type Served } from './frameworks';
import { eventually, send, sendAborted } from './servers';
import { callbackText, cryptoprocessing, recordingLogger, seeDocs, signedCallback, testApp } from './support';

const confirmed = callbackText('coinspaid.invoice.confirmed');

const ABORTED_AFTER_100 =
  'invoicekit webhook left unanswered: RequestAborted: the sender closed the connection after 100 bytes, ' +
  `before the request body was complete${seeDocs('RequestAborted')}`;

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe.each(FRAMEWORKS)('%s when the sender hangs up mid-body', (_name, mount) => {
  it('logs one warning (not a set-up error), writes nothing, and keeps serving', async () => {
    const app = testApp();
    const logger = recordingLogger();
    served = await mount({ provider: cryptoprocessing() }, { onEvent: app.onEvent, logger });

    const written = await sendAborted(`${served.url}/webhooks`, 100, 1000);
    await eventually(() => logger.lines.length > 0);
    expect(logger.lines).toEqual([['warn', ABORTED_AFTER_100]]);
    expect(written).toBe('');
    expect(app.seen).toEqual([]);

    const { headers, body } = signedCallback(confirmed);
    expect((await send(`${served.url}/webhooks`, body, headers)).status).toBe(200);
    expect(logger.lines).toHaveLength(1);
  });
});

describe('a body stream that fails', () => {
  it('is RequestAborted in the Request handler, with what arrived before it failed', async () => {
    const logger = recordingLogger();
    const handle = webhookHandler({ provider: cryptoprocessing(), onEvent: async () => undefined, logger });
    let sent = 0;
    const broken = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        if (sent === 2) controller.error(new Error('socket hang up'));
        else controller.enqueue(new Uint8Array(50));
        sent += 1;
      },
    });
    const request = new Request('https://shop.example/webhooks', {
      method: 'POST',
      body: broken,
      duplex: 'half',
    } as RequestInit);
    expect((await handle(request)).status).toBe(503);
    expect(logger.lines).toEqual([['warn', ABORTED_AFTER_100]]);
  });

  it('is RequestAborted when a Node stream was destroyed before the handler began to read it', async () => {
    const stream = new PassThrough();
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await readStream(stream, {}, 1000)).toEqual(E.left(requestAborted(0)));
  });
});
