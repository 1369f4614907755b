import type { Subscription } from 'rxjs';
import { formatQuantity } from '../api/quantity-format.js';
import type { AppBehaviour } from './app-behaviour.js';
import type { Container } from './container.js';
import { memoryLimit, reachesAt, usageAt } from './memory-model.js';

/** What arming a container's OOM kill needs of its pod worker. */
export interface OomWorker {
  readonly app: AppBehaviour;
  after(ms: number, fn: () => void, label: string): Subscription;
  oomKilled(c: Container, usageBytes: number, limitBytes: number): void;
}

/**
 * Called as a container starts: if its memory curve reaches its memory limit, the
 * kernel's cgroup OOM killer ends it then (SIGKILL: exit 137, reason OOMKilled), which
 * the kubelet reports and restarts per restartPolicy. `50Mi leak 2Mi/s` under a 100Mi
 * limit: killed 25 s after each start. No limit, or a curve that stays below: nothing.
 * `ranMs`: how long the process has run already (a kubelet back from a node outage).
 */
export function armOomKill(w: OomWorker, c: Container, ranMs = 0): void {
  const profile = w.app.memory.get(c.name);
  const limit = memoryLimit(c.spec);
  if (profile === undefined || limit === undefined || limit <= 0) return;
  const at = reachesAt(profile, limit);
  if (at === undefined) return;
  c.track(w.after(Math.max(0, at - ranMs), () => w.oomKilled(c, Math.max(usageAt(profile, at), limit), limit), 'oom kill'));
}

/** The working set of a container now (0 when it is not running or has no profile). */
export function workingSet(app: AppBehaviour, c: Container, now: number): number {
  const profile = app.memory.get(c.name);
  if (profile === undefined || c.state !== 'running') return 0;
  return usageAt(profile, now - c.startedAtMs);
}

/** The one line a container's death by OOM is told with: "out of memory: 100Mi used of its 100Mi limit". */
export function oomLine(usageBytes: number, limitBytes: number): string {
  return `out of memory: ${formatQuantity(usageBytes, 'BinarySI')} used of its ${formatQuantity(limitBytes, 'BinarySI')} limit, killed by the kernel`;
}
