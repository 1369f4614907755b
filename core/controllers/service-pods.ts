import { fromLabelSelector } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import type { Informer, InformerEvent } from '../client/informer.js';
import { selectsEither } from './controller.js';

/** A Service's pod selector; null for a Service without one (its endpoints are managed by hand, and no controller writes them). */
export function serviceSelector(svc: Readonly<KObject>): ReturnType<typeof fromLabelSelector> {
  const s = svc.spec?.selector;
  if (s === undefined || s === null || Object.keys(s).length === 0) return null;
  return fromLabelSelector({ matchLabels: s });
}

/**
 * The Services in a pod's namespace whose selector matched the pod before the event or
 * matches it now (upstream's GetServicesToUpdateOnPodChange): both the EndpointSlice and
 * the Endpoints controller queue these on a pod event.
 */
export function* servicesOfPodEvent(services: Informer, e: InformerEvent): Generator<Readonly<KObject>> {
  for (const svc of services.list(e.object.metadata.namespace)) {
    const sel = serviceSelector(svc);
    if (sel !== null && selectsEither(sel, e)) yield svc;
  }
}
