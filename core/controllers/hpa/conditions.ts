/* eslint-disable @typescript-eslint/no-explicit-any -- HPA statuses are open JSON */

export interface HpaCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/**
 * The HPA's conditions as upstream's setConditionInList keeps them
 * (pkg/controller/podautoscaler/horizontal.go): a sync sets some of AbleToScale,
 * ScalingActive and ScalingLimited and leaves the others as they were; a new type goes
 * at the end; lastTransitionTime moves only when the status flips. So an HPA whose
 * first sync cannot read its metrics has two conditions (AbleToScale, ScalingActive),
 * and keeps the ScalingLimited of its last good sync while its metrics are missing.
 */
export class Conditions {
  private readonly list: HpaCondition[];

  constructor(
    old: readonly any[] | undefined,
    private readonly stamp: string,
  ) {
    this.list = (old ?? []).map((c) => ({ ...c }));
  }

  set(type: string, status: string, reason: string, message: string): void {
    const i = this.list.findIndex((c) => c.type === type);
    const old = i < 0 ? undefined : this.list[i];
    const next = { type, status, reason, message, lastTransitionTime: old !== undefined && old.status === status ? old.lastTransitionTime : this.stamp };
    if (i < 0) this.list.push(next);
    else this.list[i] = next;
  }

  get(type: string): HpaCondition | undefined {
    return this.list.find((c) => c.type === type);
  }

  toJSON(): HpaCondition[] {
    return this.list.map((c) => ({ ...c }));
  }
}
