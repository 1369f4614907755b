import { quantity } from '../../api/quantity-value.js';
import type { KObject } from '../../api/types.js';
import type { ResourceList } from '../resources.js';
import type { Evaluator } from './evaluator.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- services are open JSON */

const SERVICE_RESOURCES = ['services', 'count/services', 'services.loadbalancers', 'services.nodeports'];

/**
 * The service evaluator (pkg/quota/v1/evaluator/core/services.go): each Service is one
 * `services`; a LoadBalancer one is also a `services.loadbalancers`, and every port of a
 * NodePort or LoadBalancer Service a `services.nodeports` (a type change is an update
 * that charges, so updates are handled too).
 */
export const serviceEvaluator: Evaluator = {
  kind: 'Service',
  handles: (op) => op === 'create' || op === 'update',
  matchingResources: (input) => input.filter((n) => SERVICE_RESOURCES.includes(n)),
  matchesScope: () => false,
  constraints: () => undefined,
  usage: (svc: Readonly<KObject>): ResourceList => {
    const type = svc.spec?.type ?? 'ClusterIP';
    const ports = ((svc.spec?.ports ?? []) as any[]).length;
    const out: ResourceList = { services: quantity(1), 'count/services': quantity(1), 'services.loadbalancers': quantity(0), 'services.nodeports': quantity(0) };
    if (type === 'LoadBalancer') out['services.loadbalancers'] = quantity(1);
    if (type === 'NodePort' || (type === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false)) out['services.nodeports'] = quantity(ports);
    return out;
  },
};
