import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Subscription } from 'rxjs';
import { restHandler, type WriteNotice } from '../api/rest/rest-handler.js';
import { DEFAULT_SLOW_WATCHER, type SlowWatcherPolicy } from '../api/rest/watch-writer.js';
import { wallNow } from '../cli/wall-clock.js';
import { badRequest } from '../api/status.js';
import { ScenarioSession, StepFailedError } from '../scenario/session.js';
import { TlsFront } from './tls-front.js';
import { WatchFeed } from './watch-feed.js';
import type { Scenario } from '../scenario/types.js';

/** How stale meta.end_time_ms may get while a live session runs: one tiny write per 5 s of cluster time. */
const END_META_EVERY_MS = 5000;
/**
 * Wall ms one advance() runs the simulation before it returns to serve sockets: the
 * pacer's own tick budget (20 ms), so a burst interleaves with the watch sockets.
 */
const ADVANCE_BUDGET_MS = 20;
/**
 * Wall ms between two deliveries to the HTTP watchers from inside the simulation's run
 * (deliverWatches): at most one per write committed this long after the last, and one at
 * the end of each advance. A 250-pod ReplicaSet sync at 10,000 pods ran 0.4-2.8 s and
 * nothing it wrote reached a client before it ended (1.6-11 ms a create). With 20 ms a
 * pod leaves at the first commit 20 ms after the last delivery, with the 2-12 pods made
 * since, rather than all 250 at the sync's end; more often would post to the worker for
 * every pod (50 messages each). Fewer, larger posts did not help (round 6, two runs each
 * of the watch bench at load 4-8): p99 over 1 s in one phase of every run at 50 and at
 * 100 ms (and a typed write held 1.0 s at 100), none at 20 (with 5 between tasks).
 */
const DELIVER_EVERY_MS = 20;
/**
 * Wall ms between two deliveries at the boundary of two tasks (when the hub holds events
 * for an HTTP watcher). Not the commit's DELIVER_EVERY_MS: an advance ends after its 20 ms
 * budget and delivers then anyway, so a 20 ms gate here would only ever fire ~when the
 * advance ends. What it is for is the task that comes next and writes nothing for 0.1-0.4 s.
 */
const DELIVER_BETWEEN_MS = 5;

export interface LiveOptions {
  scenario: Scenario;
  output: string;
  /** RFC 3339 wall-clock time the session starts at: virtual 0. */
  epoch: string;
  token: string;
  host: string;
  port: number;
  seed?: number;
  /** Changes kept for resuming watches (default 10,000); older resourceVersions get 410 Gone. */
  watchHistory?: number;
  /** The TLS certificate and key to serve with (kubectl sends tokens only over TLS). */
  tls: { cert: string; key: string };
  /**
   * TLS in a worker thread (tls-front.ts; default true): the fan-out's encryption leaves
   * the simulation's thread (a 50-watcher rollout's p99 lag 0.7-0.85x), at the price of a
   * hop between threads per request (GET and LIST rates 0.6-0.7x in the bench, whose
   * clients share the server's thread). False: HTTPS in the main thread, as before.
   */
  tlsWorker?: boolean;
  /** Wall ms one advance() may run the simulation for (default 20; Infinity: whole). */
  advanceBudgetMs?: number;
  /** Wall ms between two deliveries to the HTTP watchers during a run (default DELIVER_EVERY_MS; the bench compares others). */
  deliverEveryMs?: number;
  /** The same between two tasks of a run, when something is queued (default DELIVER_BETWEEN_MS). */
  deliverBetweenMs?: number;
  /** Overrides of how slow watchers are treated (tests shorten the stall limit). */
  slowWatchers?: Partial<Omit<SlowWatcherPolicy, 'now'>>;
}

/** What paces the session: the wall clock in the CLI, a test's hand in tests. */
export interface LiveClock {
  /** Runs the simulation up to the current instant. */
  sync(): void;
  /** A write happened: run again soon, so watchers hear of it. */
  poke(): void;
  /**
   * Runs a task once the event loop has served what is waiting (the wall clock's pacer:
   * setImmediate). Unset: nothing is run later (a LIST body is not made ahead).
   */
  later?(task: () => void): void;
}

/**
 * A live session: the simulated cluster, recorded, behind a Kubernetes-compatible
 * HTTP API. Requests are served between simulation steps on one thread, so each sees
 * the cluster at one instant and its writes are ordinary rows of the recording, with
 * the client (kubectl) as actor and its command as message. Each kubectl invocation
 * also leaves an action marker, so the timeline reads like the shell history.
 */
export class LiveServer {
  readonly session: ScenarioSession;
  private server: http.Server | undefined;
  /** The TLS side, in a worker thread (tls-front.ts): what clients connect to. */
  private front: TlsFront | undefined;
  private clock: LiveClock | undefined;
  private readonly invocations = new Set<string>();
  private watches = 0;
  private lastWriteSeq = 0;
  private endWritten = 0;
  /** The TLS worker's watch streams (watch-feed.ts); undefined when HTTPS is served in this thread. */
  private feed: WatchFeed | undefined;
  /** Wall ms of the last deliverWatches. */
  private delivered = 0;
  /** The commit-time delivery (with the TLS worker), ended at close. */
  private deliverOnCommit: Subscription | undefined;
  /**
   * A failure outside the simulation's own run, thrown by the next advance (which ends the
   * session, keeping what was recorded): a recorder flush a watch asked for
   * (beforeDeliver), or the TLS worker failing or ending while serving.
   */
  private failure: unknown;

  constructor(private readonly opts: LiveOptions) {
    this.session = new ScenarioSession(opts.scenario, {
      output: opts.output,
      epoch: opts.epoch,
      source: 'live',
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.watchHistory !== undefined ? { watchHistory: opts.watchHistory } : {}),
    });
  }

  private get deliverEveryMs(): number {
    return this.opts.deliverEveryMs ?? DELIVER_EVERY_MS;
  }

  private get deliverBetweenMs(): number {
    return this.opts.deliverBetweenMs ?? DELIVER_BETWEEN_MS;
  }

  get watchCount(): number {
    return this.watches;
  }

  get url(): string {
    const a = this.front === undefined ? (this.server?.address() as AddressInfo | null | undefined) : undefined;
    return `https://${this.opts.host}:${this.front?.port ?? a?.port ?? this.opts.port}`;
  }

  /** Bootstraps the cluster (nodes register, kubelets start) and starts listening. */
  async listen(clock: LiveClock): Promise<void> {
    this.clock = clock;
    this.session.start(Number.POSITIVE_INFINITY);
    this.advance(0);
    const api = this.session.sim.api;
    // Plain HTTP on loopback behind the TLS worker (tls-front.ts); every request still
    // needs the bearer token, and these bytes never leave the machine.
    const inWorker = this.opts.tlsWorker !== false;
    // Watch streams go to the worker directly (watch-feed.ts), which writes the copies and
    // keeps the slow-watcher policy while this thread simulates.
    const feed = inWorker ? new WatchFeed((m, transfer) => this.front?.post(m, transfer)) : undefined;
    this.feed = feed;
    // At a write's commit, if the last delivery is DELIVER_EVERY_MS old, the HTTP watchers get
    // what they have queued (writes committed before this one), even in the middle of a long
    // task, as upstream's watch cache sends what etcd has committed whatever a controller is
    // doing. The simulation's own informers keep their virtual-time flush.
    if (feed !== undefined) {
      this.deliverOnCommit = api.writes$.subscribe(() => {
        if (wallNow() - this.delivered >= this.deliverEveryMs) this.deliverWatches();
      });
    }
    const handler = restHandler({
      api,
      token: this.opts.token,
      serverAddress: () => this.url.replace(/^https:\/\//, ''),
      sync: () => clock.sync(),
      ...(clock.later !== undefined ? { later: (task: () => void) => clock.later?.(task) } : {}),
      metrics: this.session.plane.metrics,
      logs: this.session.sim.logs,
      onWrites: (n) => this.noteWrites(n),
      ...(feed !== undefined ? { directWatches: feed } : {}),
      onWatch: (d) => {
        this.watches += d;
      },
      // The watch history's size is how far behind a watcher may fall and still resume.
      slowWatchers: {
        ...DEFAULT_SLOW_WATCHER,
        maxBehind: this.opts.watchHistory ?? DEFAULT_SLOW_WATCHER.maxBehind,
        ...this.opts.slowWatchers,
        now: wallNow,
        // Recorded before delivered: rows still in the recorder's batch go to the file first.
        beforeDeliver: () => {
          // A failing flush (a full disk) drops the recorder's batch, so it would not fail
          // again by itself: it is kept, this watch gets nothing more (watch-writer.ts cuts
          // it), and the next advance throws it, which ends the session keeping what was recorded.
          if (this.failure !== undefined) return false;
          try {
            this.session.recorder.flush();
            return true;
          } catch (err) {
            this.failure ??= err;
            this.clock?.poke();
            return false;
          }
        },
      },
    });
    const server = inWorker ? http.createServer(handler) : https.createServer({ cert: this.opts.tls.cert, key: this.opts.tls.key }, handler);
    // Watches are long requests; a client that goes quiet must not be cut at Node's defaults.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    server.keepAliveTimeout = 65_000;
    // A request Node's parser cannot read (a malformed chunk, a body on a method that may
    // not carry one) still gets a Status, as every other refusal does, not a bare 400.
    server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
      if (!socket.writable) return socket.destroy();
      const body = JSON.stringify(badRequest(`the request could not be read: ${err.code ?? err.message}`).status);
      const head = err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(inWorker ? 0 : this.opts.port, inWorker ? '127.0.0.1' : this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    if (!inWorker) return;
    const backendPort = (server.address() as AddressInfo).port;
    this.front = await TlsFront.start({ cert: this.opts.tls.cert, key: this.opts.tls.key, host: this.opts.host, port: this.opts.port, backendPort }, (err) => {
      // No client can reach the API any more: end the session rather than record on unheard.
      this.failure ??= err;
      this.clock?.poke();
    });
    this.front.onNotice = (n) => feed?.notice(n);
  }

  /**
   * Runs the simulation towards `virtualMs`, one due instant at a time, for at most
   * `budgetMs` of wall time (the rest on the next call; it may stop between two tasks of
   * one instant, which the next call then runs in the same order), and makes what was written
   * readable by the viewer. Infinity runs it all the way.
   *
   * Why a budget: a 1,000-pod rollout at 10,000 pods puts thousands of writes into a
   * few virtual milliseconds (250 pods created, each scheduled, started, probed, 1 ms
   * apart), and one call that ran them all took 2.8-3.8 s of wall time on a loaded
   * 2-core machine (measured: 139 calls in a 12 s rollout, p99 2.8 s). For that long no
   * socket was served, so every watch event of the burst waited for the end of it (p99
   * delivery lag 2.6-3.0 s). The pacer (core/cli/live-pacer.ts) calls again at once when
   * the simulation is behind, after the event loop has written to the sockets. A
   * request's catch-up then sees the cluster as of the last task run: a state the
   * cluster was in (tasks run whole), perhaps a few instants behind the wall clock.
   */
  advance(virtualMs: number, budgetMs = this.opts.advanceBudgetMs ?? ADVANCE_BUDGET_MS): void {
    // A watch's flush of the recorder failed, or the TLS worker stopped: the session ends on it.
    if (this.failure !== undefined) throw this.failure;
    const started = wallNow();
    // Between two tasks, also of one instant: an instant of a 10,000-pod rollout held up to
    // 2.8 s of tasks (virtual-scheduler.ts); a single task still runs whole.
    const spent = Number.isFinite(budgetMs) ? (): boolean => wallNow() - started >= budgetMs : undefined;
    // Between two tasks the HTTP watchers also get what is queued for them, once the last
    // delivery is DELIVER_BETWEEN_MS old: a task that writes nothing for a while (the metrics
    // scrape, an informer handed 250 pods) made no commit to deliver at, and what the tasks
    // before it wrote waited for its end (gaps of up to 0.25 s in round 5's runs). Only what
    // the hub already holds leaves: nothing in the simulation changes.
    const api = this.session.sim.api;
    const between = this.feed === undefined
      ? spent
      : (): boolean => {
        if (api.outsideWatchesPending && wallNow() - this.delivered >= this.deliverBetweenMs) this.deliverWatches();
        return spent?.() === true;
      };
    try {
      for (;;) {
        const next = this.session.sim.scheduler.nextTime();
        const step = next === undefined || next >= virtualMs ? virtualMs : next;
        const whole = this.session.advance(step, false, between);
        if (!whole || step >= virtualMs || wallNow() - started >= budgetMs) break;
      }
    } catch (err) {
      if (!(err instanceof StepFailedError)) throw err;
      // A scenario step that fails in a live session is marked on the timeline and left behind;
      // the person at the keyboard carries on.
      this.session.marker('action', 'scenario step failed', err.message, null);
    }
    this.session.recorder.flush();
    this.deliverWatches();
    // A session killed (kill -9, a crash, a power cut) never gets to write its end: keep
    // meta.end_time_ms at most END_META_EVERY_MS behind, so the recording still says how long it ran.
    const reached = this.session.now();
    if (reached >= this.endWritten + END_META_EVERY_MS) {
      this.session.recording.setMeta({ end_time_ms: String(reached) });
      this.endWritten = reached;
    }
    if (this.session.sim.api.lastSeq !== this.lastWriteSeq) {
      this.lastWriteSeq = this.session.sim.api.lastSeq;
      this.clock?.poke();
    }
  }

  /**
   * Hands the HTTP watchers what they have queued and posts it to the TLS worker now
   * (recorded first: each writer's flush flushes the recorder, watch-direct.ts). Without
   * the worker (HTTPS in this thread) a write could not leave during a task anyway, and
   * the watchers keep their virtual flush.
   */
  private deliverWatches(): void {
    const feed = this.feed;
    if (feed === undefined) return;
    this.delivered = wallNow();
    try {
      this.session.sim.api.deliverOutsideWatches();
      feed.flushPending();
    } catch (err) {
      // Inside a write's commit: never thrown there. The next advance ends the session on it.
      this.failure ??= err;
      this.clock?.poke();
    }
  }

  nextDue(): number | undefined {
    return this.session.sim.scheduler.nextTime();
  }

  private noteWrites(n: WriteNotice): void {
    // One marker per kubectl invocation (its Kubectl-Session header): `kubectl drain`
    // writes a cordon and an eviction per pod, and is one step on the timeline. Other
    // clients (an informer-driven program may write constantly) get rows, not markers.
    if (n.session !== undefined && !this.invocations.has(n.session)) {
      this.invocations.add(n.session);
      this.session.marker('action', n.command ?? `${n.actor}: ${n.summary}`, n.summary, n.firstSeq);
    }
    this.session.recorder.flush();
    this.clock?.poke();
  }

  /** Stops serving (open watches are cut) and completes the recording. */
  async close(virtualEndMs: number, complete = true, error?: unknown): Promise<void> {
    this.deliverOnCommit?.unsubscribe();
    this.deliverOnCommit = undefined;
    await this.front?.close();
    this.front = undefined;
    const server = this.server;
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    let failure = error;
    try {
      this.advance(virtualEndMs, Number.POSITIVE_INFINITY);
    } catch (e) {
      // The recorder's own failure (a full disk) comes back here: end with it, keep what is written.
      failure ??= e;
    }
    this.session.finish(complete && failure === undefined, this.session.now(), failure);
  }
}
