/* eslint-disable @typescript-eslint/no-explicit-any -- scaleTargetRef is open JSON */
import type { ApiServer, Scale } from '../../api/api-server.js';
import { kindInfo, type KindInfo } from '../../api/kinds.js';
import { ApiError } from '../../api/status.js';

export type ScaleLookup = { scale: Scale; info: KindInfo } | { error: string };

/**
 * The HPA's target through its scale subresource, as upstream's reconcileAutoscaler
 * finds it (pkg/controller/podautoscaler/horizontal.go: RESTMappings of the ref's group
 * and kind, then scaleForResourceMappings GETs `<resource>/<name>/scale`). Any kind
 * that serves /scale can be a target: here Deployment, ReplicaSet and StatefulSet
 * (ReplicationController is not modelled). The error text is what upstream puts after
 * "the HPA controller was unable to get the target's current scale: ":
 * - a kind the API does not serve in that group: the RESTMapper's NoKindMatchError,
 *   `no matches for kind "ReplicationController" in group ""`;
 * - a served kind without /scale (a DaemonSet): the API server's 404 for the path,
 *   `the server could not find the requested resource`;
 * - no such object: `statefulsets.apps "db" not found`.
 */
export function scaleTarget(api: ApiServer, namespace: string, ref: any): ScaleLookup {
  const kind = String(ref?.kind ?? '');
  const name = String(ref?.name ?? '');
  const apiVersion = String(ref?.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const info = kindInfo(kind);
  if (info === undefined || info.group !== group) return { error: `no matches for kind "${kind}" in group "${group}"` };
  if (!info.subresources.includes('scale')) return { error: 'the server could not find the requested resource' };
  try {
    return { scale: api.getScale(info.kind, namespace, name), info };
  } catch (e) {
    if (e instanceof ApiError) return { error: e.message };
    throw e;
  }
}
