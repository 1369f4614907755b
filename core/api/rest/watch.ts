import type { ServerResponse } from 'node:http';
import type { Subscription } from 'rxjs';
import type { ApiServer } from '../api-server.js';
import { ApiError } from '../status.js';
import type { WatchEvent } from '../types.js';
import type { ResourceTarget } from './paths.js';
import { tableJson, type IncludeObject } from './table.js';
import { DirectWriter, type DirectWatches } from './watch-direct.js';
import { WatchWriter, type CutReason, type SlowWatcherPolicy } from './watch-writer.js';

/**
 * One event serialized once, however many watchers get it: during a rollout 50
 * `kubectl get -w` share every pod update, and JSON.stringify of a pod is the
 * expensive part of a watch. Objects are frozen, so the text can never go stale.
 */
const serialized = new WeakMap<object, Partial<Record<WatchEvent['type'], Buffer>>>();

/** The whole line `{"type":...,"object":...}\n`, encoded once per object and event type. */
function eventLine(e: WatchEvent): Buffer {
  let byType = serialized.get(e.object);
  if (byType === undefined) {
    byType = {};
    serialized.set(e.object, byType);
  }
  let line = byType[e.type];
  if (line === undefined) {
    line = Buffer.from(`{"type":"${e.type}","object":${JSON.stringify(e.object)}}\n`);
    byType[e.type] = line;
  }
  return line;
}

/**
 * Drops a watcher's connection with a TCP reset rather than an orderly close: behind the
 * live API's TLS worker (core/live/tls-front.ts) an orderly close would be passed on as
 * the end of the client's stream, queued behind the megabytes the client is not reading,
 * so the client would never hear it; a reset reaches the worker as an error and the
 * client's connection is dropped at once. A socket that cannot be reset (not TCP) is
 * destroyed.
 */
function dropConnection(res: ServerResponse): void {
  const socket = res.socket;
  try {
    if (socket !== null && typeof socket.resetAndDestroy === 'function') {
      socket.resetAndDestroy();
      return;
    }
  } catch {
    // ERR_INVALID_HANDLE_TYPE: a pipe or a stream of a test's own making.
  }
  res.destroy();
}

export interface WatchRequest {
  api: ApiServer;
  target: ResourceTarget;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  /** Virtual seconds until the server ends the watch (client-go asks for 5-10 minutes). */
  timeoutSeconds?: number;
  table?: { include: IncludeObject };
  /** How a client that reads slower than the cluster writes is treated (watch-writer.ts). */
  slow: SlowWatcherPolicy;
  /** Another thread that holds the clients' connections and can take the stream (watch-direct.ts). */
  direct?: DirectWatches;
}

/**
 * Streams a watch as newline-delimited JSON `{"type":..., "object":...}` over a chunked
 * 200 response. A resourceVersion that has fallen out of the window is answered, as
 * upstream does, with 200 and a single ERROR event carrying the 410 Expired Status:
 * that is what makes a reflector (client-go, @kubernetes/client-node) list again.
 * Selector errors come back before the stream starts, as an ordinary error response.
 * No BOOKMARK events are sent (allowWatchBookmarks is a hint servers may ignore).
 * A client that falls behind is paused and caught up, not dropped (watch-writer.ts): one
 * that stops reading has its connection dropped; one that falls out of the history gets
 * the 410 ERROR event and the stream ends, so its reflector lists again.
 */
export function serveWatch(w: WatchRequest, res: ServerResponse, onEnd: () => void): void {
  const { api, target } = w;
  const events = api.watch(target.info.kind, {
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(w.labelSelector !== undefined ? { labelSelector: w.labelSelector } : {}),
    ...(w.fieldSelector !== undefined ? { fieldSelector: w.fieldSelector } : {}),
    ...(w.resourceVersion !== undefined ? { resourceVersion: w.resourceVersion } : {}),
    // A client, not a component: live mode may hand it its events mid-task (live-server.ts).
    outside: true,
  });
  // Handed to the TLS worker (watch-direct.ts), the stream's end is its own message and the
  // connection closes after it: no later response on it could be ordered behind the stream.
  const handOver = w.direct?.accepts(res) === true;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private', ...(handOver ? { Connection: 'close' } : {}) });
  res.flushHeaders();
  let ended = false;
  const subs: Subscription[] = [];
  const end = (tail?: Buffer): void => {
    if (ended) return;
    ended = true;
    for (const s of subs) s.unsubscribe();
    if (writer instanceof DirectWriter) writer.end(tail);
    else {
      writer.flush();
      if (tail !== undefined) res.write(tail);
      res.end();
    }
    onEnd();
  };
  let headersSent = false;
  const served = target.served;
  const line = (e: WatchEvent): string | Buffer => {
    if (w.table === undefined && served !== undefined) return `{"type":"${e.type}","object":${JSON.stringify(served.toServed(e.object))}}\n`;
    if (w.table === undefined) return eventLine(e);
    const table = tableJson(target.info.kind, [e.object], {
      include: w.table.include,
      clock: api,
      resourceVersion: e.object.metadata.resourceVersion ?? '',
      noHeaders: headersSent,
    });
    headersSent = true;
    return `{"type":"${e.type}","object":${table}}\n`;
  };
  const cutOff = (reason: CutReason): void => {
    // Stopped reading: drop the connection, as upstream's server gives up on a peer, rather
    // than keep ~1 MB and a socket for a reader that is not there. Fell out of the history:
    // end the stream after what it holds; the reflector resumes from the last
    // resourceVersion it read and hears 410 Gone from the history (since() below), as a
    // resume that old gets upstream, and lists again.
    // Its writes could not be recorded (the session is ending on that): drop it too, so a
    // client never takes a stream cut short for a complete one.
    if (reason === 'stalled' || reason === 'unrecorded') dropConnection(res);
    end();
  };
  const channel = handOver ? w.direct?.open(res, w.slow, cutOff) : undefined;
  const writer = channel !== undefined ? new DirectWriter(channel, w.slow, line, cutOff) : new WatchWriter(res, w.slow, line, cutOff);
  // A watch from a resourceVersion the store has not reached yet (upstream's watch cache
  // opens it and waits) sends only what comes after that version.
  const from = /^\d+$/.test(w.resourceVersion ?? '') ? Number(w.resourceVersion) : 0;
  subs.push(
    events.subscribe({
      next: (e) => {
        if (ended) return;
        if (from > 0 && Number(e.object.metadata.resourceVersion ?? 0) <= from) return;
        // Events delivered together (one flush of the hub) leave as one chunk (watch-writer.ts).
        writer.send(e);
      },
      error: (err: unknown) => {
        end(err instanceof ApiError ? Buffer.from(JSON.stringify({ type: 'ERROR', object: err.status }) + '\n') : undefined);
      },
    }),
  );
  const scheduler = api.scheduler;
  // timeoutSeconds=0 or below (or one that wraps negative, see list-options.ts): the
  // watch's deadline has passed before it starts, and it ends at once, empty.
  if (w.timeoutSeconds !== undefined && w.timeoutSeconds <= 0) end();
  else if (w.timeoutSeconds !== undefined) subs.push(scheduler.after(w.timeoutSeconds * 1000, () => end(), 'watch timeout'));
  res.on('close', () => end());
}
