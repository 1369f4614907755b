import type { Subscription } from 'rxjs';
import { portKeys } from '../api/pod-containers.js';
import type { AppBehaviour } from './app-behaviour.js';
import type { Container } from './container.js';

/** What binding needs of a pod worker. */
export interface BindingWorker {
  readonly app: AppBehaviour;
  readonly initContainers: readonly Container[];
  readonly containers: readonly Container[];
  after(ms: number, fn: () => void, label: string): Subscription;
  containerExited(c: Container, exitCode: number, reason: string, why: string): void;
  emit(c: Container, line: string, stream?: 'stdout' | 'stderr'): void;
}

/**
 * The containers of a pod share one network namespace, so two processes cannot both
 * listen on 0.0.0.0:80. The API server only warns about the duplicate containerPort;
 * what happens is the app's own doing: the process that binds second gets EADDRINUSE and
 * exits 1, and the kubelet restarts it with CrashLoopBackOff while the first keeps the
 * port. The bind happens when the process starts listening (kubelapse/start-time, 1 s by
 * default): web starts at 0.3 s and binds at 1.3 s; sidecar starts at 0.4 s, finds 80/TCP
 * taken at 1.4 s and exits. `ranMs`: how long the process has run already (0 as it starts).
 */
export function armPortBinding(w: BindingWorker, c: Container, ranMs = 0): void {
  const wanted = portKeys(c.spec);
  // Bound before a node outage: the process still listens (kubelet.restart re-arms with ranMs).
  if (wanted.length === 0 || c.bound.length > 0) return;
  c.track(
    w.after(Math.max(0, w.app.startMs - ranMs), () => {
      if (c.state !== 'running') return;
      const others = [...w.initContainers, ...w.containers].filter((o) => o !== c && o.state === 'running');
      const taken = wanted.find((k) => others.some((o) => o.bound.includes(k)));
      if (taken === undefined) {
        c.bound = wanted;
        return;
      }
      const port = taken.split('/')[0] as string;
      w.emit(c, `bind 0.0.0.0:${port} failed: address already in use`, 'stderr');
      w.containerExited(c, 1, 'Error', `port ${taken} is already in use by another container of the pod`);
    }, 'bind'),
  );
}
