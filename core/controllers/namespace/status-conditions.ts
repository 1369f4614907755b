/* eslint-disable @typescript-eslint/no-explicit-any -- namespace status is open JSON */

/**
 * The five conditions the namespace deleter keeps on a terminating namespace
 * (pkg/controller/namespace/deletion/status_condition_utils.go). Each is False with an
 * "all is well" reason and message unless this pass found otherwise; `kubectl describe
 * ns` shows them, and they say why a namespace is stuck in Terminating.
 */
export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, [reason: string, message: string]> = {
  NamespaceDeletionDiscoveryFailure: ['ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentRemoved', 'All content successfully removed'],
};

interface Condition {
  type: ConditionType;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** What one deleteAllContent pass left behind: per resource (`pods.`, `deployments.apps`) and per finalizer. */
export interface ContentTotals {
  byResource: Map<string, number>;
  byFinalizer: Map<string, number>;
}

/** namespaceConditionUpdater: collects this pass's failures, then folds them into status.conditions. */
export class ConditionUpdater {
  private readonly found: Condition[] = [];
  private readonly deleteErrors: string[] = [];

  constructor(private readonly now: string) {}

  /**
   * ProcessContentTotals. Upstream formats each resource as `%s.%s` of resource and
   * group, so a core resource reads `pods. has 2 resource instances`, dot and all.
   */
  contentTotals(totals: ContentTotals): void {
    const resources = [...totals.byResource].filter(([, n]) => n > 0).map(([r, n]) => `${r} has ${n} resource instances`).sort();
    if (resources.length > 0) {
      this.found.push({ type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: this.now, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.join(', ')}` });
    }
    const finalizers = [...totals.byFinalizer].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
    if (finalizers.length > 0) {
      this.found.push({ type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: this.now, reason: 'SomeFinalizerRemain', message: `Some finalizers are remaining: ${finalizers.join(', ')}` });
    }
  }

  deleteContentError(message: string): void {
    this.deleteErrors.push(message);
  }

  /** Update: the new conditions on a copy of `conditions`; undefined when nothing changed (no write). */
  apply(conditions: readonly any[]): any[] | undefined {
    if (this.deleteErrors.length > 0) {
      const msgs = [...this.deleteErrors].sort();
      this.found.push({
        type: 'NamespaceDeletionContentFailure', status: 'True', lastTransitionTime: this.now, reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
      });
    }
    const out = conditions.map((c) => ({ ...c }));
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const [reason, message] = OK[type];
      const want = this.found.find((c) => c.type === type) ?? { type, status: 'False', lastTransitionTime: this.now, reason, message };
      const old = out.find((c) => c.type === type);
      if (old === undefined) {
        out.push({ ...want });
        changed = true;
      } else if (old.status !== want.status || old.message !== want.message || old.reason !== want.reason) {
        // The transition time moves only when the status flips, as upstream's updateConditions does.
        if (old.status !== want.status) old.lastTransitionTime = this.now;
        Object.assign(old, { status: want.status, reason: want.reason, message: want.message });
        changed = true;
      }
    }
    return changed ? out : undefined;
  }
}
