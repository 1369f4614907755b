import https from 'node:https';

export interface Reply {
  status: number;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface HttpsRequest {
  method: string;
  /** The path as sent (`//x` stays `//x`: nothing resolves it against a base URL). */
  path: string;
  port: number;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The server's certificate (self-signed), or an agent that carries it. */
  ca?: string;
  agent?: https.Agent;
  /** Streams (watches) never end by themselves: stop reading after this long and keep what came. */
  abortAfterMs?: number;
}

/** One request to the live API on 127.0.0.1, its body read whole and parsed as JSON when it is. */
export function httpsRequest(r: HttpsRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: r.port, path: r.path, method: r.method, headers: r.headers, ...(r.agent !== undefined ? { agent: r.agent } : { ca: r.ca }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      if (r.abortAfterMs !== undefined) {
        const timer = setTimeout(() => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), json: undefined });
        }, r.abortAfterMs);
        res.on('end', () => clearTimeout(timer));
      }
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', (e) => {
      if (!req.destroyed || r.abortAfterMs === undefined) reject(e);
    });
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}
