import { jsonEqual } from './equal.js';
import { invalidCause, requiredCause, type StatusCause } from './status.js';
import type { KObject } from './types.js';

/**
 * ValidateControllerRevision(Update) (pkg/apis/apps/validation): data is required and,
 * once written, immutable; revision is not negative (the DaemonSet and StatefulSet
 * controllers renumber a revision they reuse, so revision itself may change).
 */
export function validateControllerRevision(obj: KObject, old: Readonly<KObject> | undefined, causes: StatusCause[]): void {
  if (obj.data === undefined || obj.data === null) causes.push(requiredCause('data', 'data is mandatory'));
  const revision = obj.revision ?? 0;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) causes.push(invalidCause('revision', revision, 'must be greater than or equal to 0'));
  if (old !== undefined && !jsonEqual(obj.data, old.data)) causes.push(invalidCause('data', JSON.stringify(obj.data ?? null), 'field is immutable'));
}
