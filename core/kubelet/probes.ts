import { entrypointPorts } from './images.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- probe specs are open JSON */

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

export interface ProbeSpec {
  kind: ProbeKind;
  initialDelayMs: number;
  periodMs: number;
  successThreshold: number;
  failureThreshold: number;
  /** how the probe reaches the app, for the failure message */
  describe: (ip: string, refused: boolean) => string;
  /**
   * The probed port is not one the container listens on (listensOn): every attempt is
   * refused however healthy the app is. Undefined: it is (or an exec probe).
   */
  unreachable: { refused: true } | { error: string } | undefined;
}

/** A container's probe with upstream defaults (period 10 s, timeout 1 s, 1 success, 3 failures). */
export function probeSpec(container: any, kind: ProbeKind): ProbeSpec | undefined {
  const p = container[`${kind}Probe`];
  if (p === undefined || p === null) return undefined;
  const port = p.httpGet?.port ?? p.tcpSocket?.port ?? p.grpc?.port ?? 80;
  const network = p.httpGet !== undefined || p.tcpSocket !== undefined || p.grpc !== undefined;
  return {
    unreachable: network ? reach(container, port) : undefined,
    kind,
    initialDelayMs: (p.initialDelaySeconds ?? 0) * 1000,
    periodMs: (p.periodSeconds ?? 10) * 1000,
    // Liveness and startup probes must have successThreshold 1.
    successThreshold: kind === 'readiness' ? (p.successThreshold ?? 1) : 1,
    failureThreshold: p.failureThreshold ?? 3,
    describe: (ip, refused) => {
      if (p.httpGet !== undefined) {
        const url = `${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${ip}:${port}${p.httpGet.path ?? '/'}`;
        return refused ? `Get "${url}": dial tcp ${ip}:${port}: connect: connection refused` : 'HTTP probe failed with statuscode: 503';
      }
      if (p.tcpSocket !== undefined) return `dial tcp ${ip}:${port}: connect: connection refused`;
      if (p.grpc !== undefined) return `timeout: failed to connect service "${ip}:${port}" within 1s`;
      return `command ${JSON.stringify(p.exec?.command ?? [])} exited with 1`;
    },
  };
}

/**
 * Is `port` (a number or a port name) one the container listens on? What "listens" means
 * here: the declared `ports` (their containerPort, TCP), plus the ports the image's own
 * entrypoint listens on when the container runs it (no `command`; images.ts: nginx 80,
 * redis 6379). A container that declares none and runs an unknown program listens on
 * whatever is probed (most real pods declare no ports; nothing tells what they open).
 * A port name resolves through the declared ports only, as upstream's
 * ResolveContainerPort (pkg/probe/util.go) does; one that does not resolve falls back to
 * strconv.Atoi there, so the error is Atoi's: `strconv.Atoi: parsing "http": invalid
 * syntax`. runProbe returns it with probe.Unknown, prober.go probe records "Readiness probe
 * errored and resulted in unknown state: <err>", and worker.go doProbe throws the result
 * away ("Prober error, throw away the result"): neither a success nor a failure.
 */
function reach(container: any, port: unknown): ProbeSpec['unreachable'] {
  const declared: Array<{ containerPort?: number; name?: string; protocol?: string }> = Array.isArray(container?.ports) ? container.ports : [];
  let n: number;
  if (typeof port === 'number') n = port;
  else if (/^\d+$/.test(String(port))) n = Number(port);
  else {
    const named = declared.find((d) => d.name === port);
    if (named?.containerPort === undefined) return { error: `strconv.Atoi: parsing ${JSON.stringify(String(port))}: invalid syntax` };
    n = named.containerPort;
  }
  const listening = new Set<number>();
  for (const d of declared) if ((d.protocol ?? 'TCP') === 'TCP' && d.containerPort !== undefined) listening.add(d.containerPort);
  for (const q of entrypointPorts(container)) listening.add(q);
  if (listening.size === 0 || listening.has(n)) return undefined;
  return { refused: true };
}

/**
 * The result a probe worker holds: it flips to failure after failureThreshold failures in
 * a row and back to success after successThreshold successes. Readiness starts failed,
 * liveness starts passed, startup starts unknown (not started).
 */
export class ProbeState {
  result: boolean;
  private successes = 0;
  private failures = 0;

  constructor(readonly spec: ProbeSpec) {
    this.result = spec.kind === 'liveness';
  }

  /** Records one probe; returns true if the result changed. */
  observe(ok: boolean): boolean {
    if (ok) {
      this.successes++;
      this.failures = 0;
      if (!this.result && this.successes >= this.spec.successThreshold) {
        this.result = true;
        return true;
      }
    } else {
      this.failures++;
      this.successes = 0;
      if ((this.result || this.spec.kind !== 'readiness') && this.failures >= this.spec.failureThreshold) {
        const changed = this.result;
        this.result = false;
        this.failures = 0;
        return changed || this.spec.kind !== 'readiness';
      }
    }
    return false;
  }
}
