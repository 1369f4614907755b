/**
 * Who emitted an Event, as the Event itself says, named as the simulator names its actors
 * (docs/import.md, "Actors"). An Event's managedFields name only the binary that wrote it
 * (kube-controller-manager for every controller's Events, kubelet without its node), so a
 * real capture's "Scaled up replica set" read as kube-controller-manager's; the Event
 * names its reporter exactly:
 *
 * - events.k8s.io/v1: `reportingController` and `reportingInstance` (`deprecatedSource`
 *   holds the core fields);
 * - core/v1: `reportingComponent` / `reportingInstance` (client-go fills them from the
 *   source) and `source.component` / `source.host`.
 *
 * The real capture's Events: source.component deployment-controller, replicaset-controller,
 * default-scheduler, and kubelet with host k8shark-dev-control-plane (reportingInstance the
 * same). The simulator's recorders use upstream's component names (core/client/event-recorder.ts
 * callers) and its actors the same names except the two below, so a recording's
 * `kubelet/node-1` and `scheduler` lanes read a real cluster's Events too.
 */

/**
 * Upstream components whose actor the simulator names otherwise:
 * - kubelet: cmd/kubelet/app/server.go componentKubelet = "kubelet", source.host the node;
 *   the simulator's kubelets are `kubelet/<node>` (core/kubelet/kubelet.ts);
 * - default-scheduler: the default profile's schedulerName (v1.DefaultSchedulerName), the
 *   simulator's actor `scheduler` (core/sim/control-plane.ts);
 * - endpoint-slice-controller: pkg/controller/endpointslice/endpointslice_controller.go's
 *   EventSource, the simulator's `endpointslice-controller`;
 * - controllermanager: pkg/controller/disruption's EventSource (and older node
 *   controllers'): names no one controller, so today's rule (the managedFields manager).
 */
const REPORTERS: Readonly<Record<string, string | null>> = {
  'default-scheduler': 'scheduler',
  'endpoint-slice-controller': 'endpointslice-controller',
  controllermanager: null,
};

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The Event's reporter as an actor, or undefined when it names none (then the managedFields rule). */
export function eventReporterActor(event: Record<string, unknown> | null): string | undefined {
  if (event === null) return undefined;
  const source = (event.source ?? event.deprecatedSource) as { component?: unknown; host?: unknown } | undefined;
  const component = text(event.reportingController) ?? text(event.reportingComponent) ?? text(source?.component);
  if (component === undefined) return undefined;
  if (component === 'kubelet') {
    const node = text(source?.host) ?? text(event.reportingInstance);
    return node === undefined ? 'kubelet' : `kubelet/${node}`;
  }
  // Own keys only: a component named "constructor" or "toString" (hostile or odd input) is itself.
  if (!Object.hasOwn(REPORTERS, component)) return component;
  return REPORTERS[component] ?? undefined;
}
