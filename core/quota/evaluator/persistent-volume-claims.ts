import { compareQuantities, parseQuantityValue, quantity } from '../../api/quantity-value.js';
import type { KObject } from '../../api/types.js';
import type { ResourceList } from '../resources.js';
import type { Evaluator } from './evaluator.js';

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

/**
 * The PVC evaluator (pkg/quota/v1/evaluator/core/persistent_volume_claims.go): each claim
 * is one `persistentvolumeclaims` and its spec.resources.requests.storage (or the larger
 * status.allocatedResources after an expansion) `requests.storage`, also per storage class
 * as `<class>.storageclass.storage.k8s.io/requests.storage` and `.../persistentvolumeclaims`.
 */
export const pvcEvaluator: Evaluator = {
  kind: 'PersistentVolumeClaim',
  handles: (op) => op === 'create' || op === 'update',
  matchingResources: (input) =>
    input.filter((n) => ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'].includes(n) || (n.includes(STORAGE_CLASS_SUFFIX) && /\/(requests\.storage|persistentvolumeclaims)$/.test(n))),
  matchesScope: () => false,
  constraints: () => undefined,
  usage: (pvc: Readonly<KObject>): ResourceList => {
    const out: ResourceList = { persistentvolumeclaims: quantity(1), 'count/persistentvolumeclaims': quantity(1) };
    const className: unknown = pvc.spec?.storageClassName;
    if (typeof className === 'string' && className !== '') out[`${className}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`] = quantity(1);
    let storage = parseQuantityValue(pvc.spec?.resources?.requests?.storage);
    const allocated = parseQuantityValue(pvc.status?.allocatedResources?.storage);
    if (allocated !== undefined && (storage === undefined || compareQuantities(allocated, storage) > 0)) storage = allocated;
    if (storage !== undefined) {
      out['requests.storage'] = storage;
      if (typeof className === 'string' && className !== '') out[`${className}${STORAGE_CLASS_SUFFIX}requests.storage`] = storage;
    }
    return out;
  },
};
