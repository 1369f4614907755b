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
}

/** A container's probe with upstream defaults (period 10 s, timeout 1 s, 1 success, 3 failures). */
export function probeSpec(container: any, kind: ProbeKind): ProbeSpec | undefined {
  const p = container[`${kind}Probe`];
  if (p === undefined || p === null) return undefined;
  const port = p.httpGet?.port ?? p.tcpSocket?.port ?? p.grpc?.port ?? 80;
  return {
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
