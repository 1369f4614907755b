import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { frontOut, type FrontNotice } from '../../core/live/front-out.js';

/**
 * The TLS worker's watch writer on plain stand-ins for its sockets: a client socket that
 * takes every write into its buffer and never empties it (a client that has not had a
 * turn to read yet), and the listener's side that only emits the response's bytes.
 */
class Client extends EventEmitter {
  writableLength = 0;
  writableHighWaterMark = 16_384;
  writableEnded = false;
  destroyed = false;
  write(b: Buffer): boolean {
    this.writableLength += b.length;
    return false;
  }
  cork(): void {}
  uncork(): void {}
  end(): void {
    this.writableEnded = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}
class Listener extends EventEmitter {
  pause(): void {}
  resume(): void {}
  end(): void {}
}

const HEADERS = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
const POLICY = { highWaterBytes: 1024 * 1024, stallMs: 10_000, maxBehind: 10_000 };

function setUp(): { t: { now: number }; notices: FrontNotice[]; client: Client; send: (id: number, bytes: number) => void; fo: ReturnType<typeof frontOut>; listener: Listener } {
  const t = { now: 100_000 }; // the worker has been up for 100 s
  const notices: FrontNotice[] = [];
  const fo = frontOut((m) => notices.push(m), () => t.now);
  const client = new Client();
  const listener = new Listener();
  fo.attach(1, client as unknown as Socket, listener as unknown as Socket);
  fo.message({ t: 'direct', conn: 1, at: HEADERS.length, policy: POLICY });
  const send = (id: number, bytes: number): void => {
    const line = new Uint8Array(bytes).fill(120);
    fo.message({ t: 'send', conn: 1, ids: [id], first: id, lens: [bytes], buf: line.buffer, base: 0 });
  };
  return { t, notices, client, send, fo, listener };
}

describe('the TLS worker\'s watch writer: a stall counts from when the client backed up', () => {
  it('a 2 MB replay posted before the headers, then a chunk 5 ms later: the reader is not cut (it was cut as stalled at once)', () => {
    const { t, notices, client, send, listener } = setUp();
    send(0, 2 * 1024 * 1024); // kept aside until the headers are through
    listener.emit('data', HEADERS); // headers, then the early chunk: the client's socket backs up
    t.now += 5;
    send(1, 100);
    expect(notices).toEqual([]);
    expect(client.destroyed).toBe(false);
  });

  it('one that does not drain for longer than the stall limit after backing up is cut', () => {
    const { t, notices, client, send, listener } = setUp();
    listener.emit('data', HEADERS);
    send(0, 2 * 1024 * 1024);
    t.now += POLICY.stallMs + 1;
    send(1, 100);
    expect(notices).toEqual([{ t: 'cut', conn: 1, reason: 'stalled' }]);
    expect(client.destroyed).toBe(true);
  });

  it('one that drains is timed again from its drain', () => {
    const { t, notices, client, send, listener } = setUp();
    listener.emit('data', HEADERS);
    send(0, 2 * 1024 * 1024);
    t.now += POLICY.stallMs - 1;
    client.writableLength = 0;
    client.emit('drain');
    send(1, 2 * 1024 * 1024); // backs up again, now
    t.now += POLICY.stallMs - 1;
    send(2, 100);
    expect(notices).toEqual([]);
    expect(client.destroyed).toBe(false);
  });
});

describe('the TLS worker\'s watch writer: a watch whose writes could not be recorded', () => {
  it('is reset with nothing more written, and an end after it writes no last chunk', () => {
    const { client, send, listener, fo } = setUp();
    listener.emit('data', HEADERS);
    send(0, 100);
    const written: number[] = [];
    client.write = (b: Buffer): boolean => (written.push(b.length), true);
    fo.message({ t: 'drop', conn: 1 });
    fo.message({ t: 'end', conn: 1 });
    send(1, 100);
    expect(client.destroyed).toBe(true);
    expect(client.writableEnded).toBe(false);
    expect(written).toEqual([]);
  });
});

describe('the watch\'s sending half: an unrecordable write', () => {
  it('asks the worker to reset the client, and ending the stream afterwards posts no end', async () => {
    const { DirectWriter } = await import('../../core/api/rest/watch-direct.js');
    const calls: string[] = [];
    const channel = { send: () => calls.push('send'), end: () => calls.push('end'), drop: () => calls.push('drop') };
    const cuts: string[] = [];
    const w = new DirectWriter(channel, { highWaterBytes: 1, stallMs: 1, maxBehind: 1, now: () => 0, beforeDeliver: () => false }, () => 'x\n', (r) => cuts.push(r));
    w.send({ type: 'ADDED', object: {} } as never);
    w.flush();
    w.end();
    expect(calls).toEqual(['drop']);
    expect(cuts).toEqual(['unrecorded']);
  });
});
