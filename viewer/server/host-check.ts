import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * DNS rebinding guard for a viewer bound to the loopback interface: a web page from
 * elsewhere whose name re-resolves to 127.0.0.1 reaches the port, but its requests
 * still carry its own Host header. Only loopback names are answered; a viewer bound
 * to another address (`--host`) is reachable by design and checks nothing.
 */
export function loopbackHostOnly(): RequestHandler {
  return (req, _res, next) => {
    const host = (req.headers.host ?? '').toLowerCase();
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0] ?? '';
    if (LOOPBACK_NAMES.has(name)) return next();
    next(new HttpError(403, `host ${JSON.stringify(req.headers.host ?? '')} refused: this viewer listens on the loopback interface and answers only 127.0.0.1 or localhost`));
  };
}

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || host.startsWith('127.');
}
