import type { Subscription } from 'rxjs';
import type { KObject } from '../api/types.js';
import type { Container } from './container.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- EndpointSlices are open JSON */

export const WAITS_FOR_ANNOTATION = 'kubelapse/waits-for';
/** How often the waiting init container looks again, as `until nslookup db; do sleep 2; done` does. */
export const WAIT_POLL_MS = 2000;

/** What waiting needs of a pod worker. */
export interface WaitingWorker {
  readonly pod: Readonly<KObject>;
  readonly kubelet: { readonly client: { readonly api: { list(kind: string, options: { namespace?: string | null; labelSelector?: string }): { items: ReadonlyArray<Readonly<KObject>> } } } };
  after(ms: number, fn: () => void, label: string): Subscription;
  containerExited(c: Container, exitCode: number, reason: string, why: string): void;
  emit(c: Container, line: string): void;
}

/**
 * `kubelapse/waits-for: wait-db=db` (comma-separated for several): the init container
 * wait-db is the textbook `until nslookup db; do sleep 2; done`, modelled as "exits 0 once
 * Service db in the pod's namespace has a ready endpoint". Undefined: the annotation does
 * not name this container. Throws on a malformed value.
 */
export function waitedService(pod: Readonly<KObject>, container: string): string | undefined {
  const raw = pod.metadata.annotations?.[WAITS_FOR_ANNOTATION];
  if (raw === undefined) return undefined;
  for (const part of raw.split(',')) {
    const m = /^\s*([a-z0-9]([-a-z0-9]*[a-z0-9])?)\s*=\s*([a-z0-9]([-a-z0-9]*[a-z0-9])?)\s*$/.exec(part);
    if (m === null) throw new Error(`annotation ${WAITS_FOR_ANNOTATION}: "${part.trim()}" is not <init-container>=<service> (e.g. wait-db=db)`);
    if (m[1] === container) return m[3];
  }
  return undefined;
}

/** Has the Service a ready endpoint (an EndpointSlice labelled with its name listing one)? */
function hasReadyEndpoint(w: WaitingWorker, service: string): boolean {
  const slices = w.kubelet.client.api.list('EndpointSlice', { namespace: w.pod.metadata.namespace ?? 'default', labelSelector: `kubernetes.io/service-name=${service}` }).items;
  return slices.some((s: any) => (s.endpoints ?? []).some((e: any) => e?.conditions?.ready === true));
}

/** Arms the polling of a waiting init container: it looks at once, then every 2 s. */
export function armServiceWait(w: WaitingWorker, c: Container, service: string): void {
  let said = false;
  const poll = (): void => {
    if (c.state !== 'running') return;
    if (hasReadyEndpoint(w, service)) {
      w.emit(c, `service ${service} has endpoints: done waiting`);
      w.containerExited(c, 0, 'Completed', `service ${service} has a ready endpoint`);
      return;
    }
    if (!said) w.emit(c, `waiting for service ${service}`);
    said = true;
    c.track(w.after(WAIT_POLL_MS, poll, `wait for ${service}`));
  };
  c.track(w.after(0, poll, `wait for ${service}`));
}
