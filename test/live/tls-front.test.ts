import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { servingCertificate } from '../../core/live/certificate.js';
import { TlsFront } from '../../core/live/tls-front.js';
import { httpsRequest } from './https-request.js';

/*
 * The live API's TLS worker (tls-front.ts): it passes a client's request to the plain
 * listener behind it; if the worker stops while serving, the session is told once (it
 * ends on it) and closing afterwards returns at once instead of waiting for an answer
 * that cannot come (Ctrl-C would hang).
 */
let backend: http.Server | undefined;
afterEach(async () => {
  backend?.closeAllConnections();
  await new Promise((r) => backend?.close(r));
  backend = undefined;
});

/** A TLS worker in front of a plain listener answering `body`; `told` collects what it reports on stopping. */
async function frontOf(body: string, told: string[]): Promise<{ front: TlsFront; ca: string }> {
  backend = http.createServer((_req, res) => res.end(body));
  await new Promise<void>((r) => backend?.listen(0, '127.0.0.1', r));
  const tls = await servingCertificate('2026-11-22T10:00:00Z');
  const front = await TlsFront.start({ cert: tls.cert, key: tls.key, host: '127.0.0.1', port: 0, backendPort: (backend.address() as AddressInfo).port }, (err) => told.push(err.message));
  return { front, ca: tls.cert };
}

describe('the TLS worker', () => {
  it('serves through to the plain listener; stopping while serving is told once, and close() then returns', async () => {
    const told: string[] = [];
    const { front, ca } = await frontOf('{"ok":true}', told);
    const reply = await httpsRequest({ method: 'GET', path: '/', port: front.port, headers: {}, ca });
    expect(reply.json).toEqual({ ok: true });
    // The worker ends under the session (as a crash in it would end it).
    await (front as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect.poll(() => told).toEqual([expect.stringContaining('tls worker stopped')]);
    const closed = await Promise.race([front.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 2_000))]);
    expect(closed).toBe('closed');
    expect(told).toHaveLength(1);
  });

  it('a close() of a serving worker is not told as a stop', async () => {
    const told: string[] = [];
    const { front } = await frontOf('{}', told);
    await front.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(told).toEqual([]);
  });
});
