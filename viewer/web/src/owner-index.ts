import type { ClaimTrack, JobTrack, PodTrack, StoryModel } from '../../shared/model.js';
import { alive } from './versions.js';

/**
 * Look-ups from a workload to what it owns, built once per model: the pods of
 * "default/DaemonSet/fluentd", the claims named "default/www-web-1" (a name can be
 * claimed, deleted and claimed again: every life is kept), the Jobs of a CronJob.
 */
export class OwnerIndex {
  private readonly pods = new Map<string, PodTrack[]>();
  private readonly claims = new Map<string, ClaimTrack[]>();
  private readonly jobs = new Map<string, JobTrack[]>();
  private readonly jobByName = new Map<string, JobTrack[]>();

  constructor(m: StoryModel) {
    const push = <T>(map: Map<string, T[]>, key: string, v: T): void => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [v]);
      else list.push(v);
    };
    for (const p of [...m.pods].sort((a, b) => a.createdSeq - b.createdSeq)) if (p.owner !== null) push(this.pods, `${p.namespace}/${p.owner}`, p);
    for (const c of m.claims) push(this.claims, `${c.namespace}/${c.name}`, c);
    for (const j of [...m.jobs].sort((a, b) => a.createdSeq - b.createdSeq)) {
      push(this.jobByName, `${j.namespace}/${j.name}`, j);
      if (j.cronJob !== null) push(this.jobs, `${j.namespace}/${j.cronJob}`, j);
    }
  }

  /** Every pod `owner` ("DaemonSet/fluentd") ever had, in order of creation. */
  podsOf(namespace: string, owner: string): readonly PodTrack[] {
    return this.pods.get(`${namespace}/${owner}`) ?? [];
  }

  /** The claim of that name that exists at `seq`, else the last one before it (deleted). */
  claimAt(namespace: string, name: string, seq: number): ClaimTrack | undefined {
    let found: ClaimTrack | undefined;
    for (const c of this.claims.get(`${namespace}/${name}`) ?? []) {
      if (alive(c, seq)) return c;
      if (c.createdSeq <= seq) found = c;
    }
    return found;
  }

  /** The Jobs a CronJob started, in order. */
  jobsOf(namespace: string, cronJob: string): readonly JobTrack[] {
    return this.jobs.get(`${namespace}/${cronJob}`) ?? [];
  }

  /** The Job a pod's owner names, in the life that existed when the pod was made. */
  job(namespace: string, name: string, seq: number): JobTrack | undefined {
    const lives = this.jobByName.get(`${namespace}/${name}`) ?? [];
    return lives.find((j) => alive(j, seq)) ?? lives[lives.length - 1];
  }
}
