import https from 'node:https';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { isObject, type KObj } from '../captured-object.js';
import { listItems } from '../captured-object.js';

/** The two requests an informer makes; an interface so a test can pause or cut a watch. */
export interface ClusterTransport {
  readonly server: string;
  /** A whole LIST (pages of 500 followed by `continue`), with the list's resourceVersion. */
  list(path: string): Promise<{ items: KObj[]; resourceVersion: string }>;
  /** A WATCH from `resourceVersion`; `done` once it ends (null: the server closed it). */
  watch(path: string, resourceVersion: string, timeoutSeconds: number, event: (type: string, object: unknown) => void, done: (err: Error | null) => void): Promise<{ abort(): void }>;
}

/** An HTTP answer other than 200: its code and the Status message. */
export class ClusterError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The real cluster through @kubernetes/client-node: its kubeconfig handling (certs, tokens, exec plugins) and its Watch. */
export class KubeTransport implements ClusterTransport {
  private readonly watcher: Watch;
  readonly server: string;

  constructor(private readonly kc: KubeConfig) {
    this.watcher = new Watch(kc);
    this.server = kc.getCurrentCluster()?.server ?? '';
  }

  async list(path: string): Promise<{ items: KObj[]; resourceVersion: string }> {
    const items: KObj[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const q = new URLSearchParams({ limit: '500', ...(cont !== undefined ? { continue: cont } : {}) });
      const body = await this.get(`${path}?${q}`);
      const page = listItems(body);
      if (page === undefined || !isObject(body)) throw new ClusterError(0, `${path}: the answer is not a list`);
      items.push(...page);
      const meta = isObject(body.metadata) ? body.metadata : {};
      rv = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : rv;
      cont = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
    } while (cont !== undefined);
    return { items, resourceVersion: rv };
  }

  async watch(path: string, resourceVersion: string, timeoutSeconds: number, event: (type: string, object: unknown) => void, done: (err: Error | null) => void): Promise<{ abort(): void }> {
    const controller = await this.watcher.watch(path, { resourceVersion, allowWatchBookmarks: true, timeoutSeconds }, (type, object) => event(type, object), (err: unknown) => {
      const e = err as (Error & { statusCode?: number }) | null | undefined;
      done(e === null || e === undefined ? null : e.statusCode !== undefined ? new ClusterError(e.statusCode, `${path}: ${e.message}`) : e);
    });
    return { abort: () => controller.abort() };
  }

  private async get(pathAndQuery: string): Promise<unknown> {
    const url = new URL(this.server + pathAndQuery);
    const opts: https.RequestOptions = { method: 'GET', hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { Accept: 'application/json' } };
    await this.kc.applyToHTTPSOptions(opts);
    return new Promise((resolve, reject) => {
      const req = https.request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          if (res.statusCode === 200 && body !== undefined) return resolve(body);
          const msg = isObject(body) && typeof body.message === 'string' ? body.message : text.slice(0, 200);
          reject(new ClusterError(res.statusCode ?? 0, `${url.pathname}: ${res.statusCode} ${msg}`));
        });
        res.on('error', reject);
      });
      req.on('error', (err) => reject(new ClusterError(0, `cannot reach ${this.server}: ${err.message}`)));
      req.end();
    });
  }
}
