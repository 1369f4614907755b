import type { ListOptions } from '../api/api-server.js';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import { SharedInformers, type ControllerContext } from '../controllers/controller.js';
import { DaemonSetController } from '../controllers/daemonset/daemonset-controller.js';
import { DeploymentController } from '../controllers/deployment/deployment-controller.js';
import { EndpointSliceController } from '../controllers/endpointslice/endpointslice-controller.js';
import { ENDPOINT_CONTROLLER, EndpointsController } from '../controllers/endpoint/endpoints-controller.js';
import { DisruptionController } from '../controllers/disruption/disruption-controller.js';
import { GarbageCollector } from '../controllers/garbagecollector/garbage-collector.js';
import { PodGarbageCollector } from '../controllers/garbagecollector/pod-gc.js';
import { NamespaceController } from '../controllers/namespace/namespace-controller.js';
import { NodeLifecycleController } from '../controllers/nodelifecycle/node-lifecycle-controller.js';
import { TaintEvictionController } from '../controllers/nodelifecycle/taint-eviction-controller.js';
import { ReplicaSetController } from '../controllers/replicaset/replica-set-controller.js';
import { StatefulSetController } from '../controllers/statefulset/stateful-set.js';
import { PersistentVolumeController } from '../controllers/volume/persistentvolume/pv-controller.js';
import { LocalPathProvisioner } from '../controllers/volume/provisioner/local-path-provisioner.js';
import { PvcProtectionController } from '../controllers/volume/pvcprotection/pvc-protection-controller.js';
import { PvProtectionController } from '../controllers/volume/pvprotection/pv-protection-controller.js';
import { Kubelet, type KubeletTimings } from '../kubelet/kubelet.js';
import type { ProbeKind } from '../kubelet/probes.js';
import { KubeProxy } from '../network/kube-proxy.js';
import { KUBE_PROXY_IMAGE, tieKubeProxy } from './kube-proxy-addon.js';
import { noNodesReason } from './no-nodes.js';
import { TrafficGenerator, type TrafficHost } from '../network/traffic.js';
import { MetricsServer } from '../metrics/metrics-server.js';
import { RequestLog } from '../network/request-log.js';
import { HorizontalPodAutoscalerController } from '../controllers/hpa/hpa-controller.js';
import { JobController } from '../controllers/job/job-controller.js';
import { CronJobController } from '../controllers/cronjob/cronjob-controller.js';
import { TtlAfterFinishedController } from '../controllers/ttlafterfinished/ttl-after-finished-controller.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { RootCACertPublisher } from '../controllers/rootcacertpublisher/publisher.js';
import { ServiceAccountsController } from '../controllers/serviceaccount/serviceaccounts-controller.js';
import { ResourceQuotaController } from '../controllers/resourcequota/resource-quota-controller.js';
import { CLUSTER_CA_CERT } from './kubeadm/cluster-ca.js';
import { controlPlaneManifests } from './kubeadm/static-pod-manifests.js';
import type { NodeShape, Simulation } from './cluster.js';
import { ClusterAutoscaler } from '../autoscaler/cluster-autoscaler.js';
import { SimulatedCloud } from '../autoscaler/cloud-provider.js';
import type { NodeGroupSpec } from '../scenario/types.js';

/** A live scheduler cycle's pods at most: 16 at ~1.5-3 ms each hold a request for ~25-50 ms (SchedulerOptions.podsPerCycle). */
const PODS_PER_LIVE_CYCLE = 16;

export interface ControlPlaneOptions {
  missingImages?: readonly string[];
  kubeletTimings?: Partial<KubeletTimings>;
  nodeMonitorGracePeriodMs?: number;
  /** EndpointSlice change -> node forwarding rules (default KUBE_PROXY_LAG_MS, 1 s). */
  kubeProxyLagMs?: number;
  /** How long a simulated request takes (default REQUEST_LATENCY_MS, 50 ms). */
  requestLatencyMs?: number;
  /** The cloud's node groups: with at least one, a cluster-autoscaler runs (core/autoscaler). */
  nodeGroups?: readonly NodeGroupSpec[];
  /**
   * Live mode: a long ReplicaSet sync runs as several tasks, one slow-start batch (at most
   * 16 requests) each (ReplicaSetControllerOptions.stepwise), and a scheduler cycle
   * schedules at most PODS_PER_LIVE_CYCLE pods, so requests are served between them. Never
   * in a recorded simulation: its recordings stay byte-identical.
   */
  stepwiseSyncs?: boolean;
}

/**
 * Everything that makes pods come and go, each a separate actor talking only to the
 * API server: kube-controller-manager's controllers (one shared informer set, one
 * client per controller so each write names its author), kube-scheduler, and a kubelet
 * per node.
 */
export class ControlPlane implements TrafficHost {
  readonly kubelets = new Map<string, Kubelet>();
  readonly kubeProxies = new Map<string, KubeProxy>();
  private readonly down = new Set<string>();
  readonly replicaSets: ReplicaSetController;
  readonly deployments: DeploymentController;
  readonly daemonSets: DaemonSetController;
  readonly garbageCollector: GarbageCollector;
  readonly endpointSlices: EndpointSliceController;
  readonly disruption: DisruptionController;
  readonly jobs: JobController;
  readonly statefulSets: StatefulSetController;
  readonly volumeBinder: PersistentVolumeController;
  readonly provisioner: LocalPathProvisioner;
  readonly traffic: TrafficGenerator;
  readonly metrics: MetricsServer;
  readonly scheduler: Scheduler;
  readonly autoscaler: ClusterAutoscaler | undefined;
  readonly cloud: SimulatedCloud | undefined;
  private readonly informers: SharedInformers;
  private nodeCount = 0;

  constructor(
    readonly sim: Simulation,
    private readonly options: ControlPlaneOptions = {},
  ) {
    this.informers = new SharedInformers(sim.client('kube-controller-manager'));
    const ctx = (actor: string): ControllerContext => ({ client: sim.client(actor), scheduler: sim.scheduler, informers: this.informers });
    this.replicaSets = new ReplicaSetController(ctx('replicaset-controller'), { stepwise: options.stepwiseSyncs === true });
    this.deployments = new DeploymentController(ctx('deployment-controller'));
    this.daemonSets = new DaemonSetController(ctx('daemonset-controller'));
    new NodeLifecycleController(ctx('node-controller'), options.nodeMonitorGracePeriodMs === undefined ? {} : { gracePeriodMs: options.nodeMonitorGracePeriodMs }).start();
    new TaintEvictionController(ctx('taint-eviction-controller'));
    this.garbageCollector = new GarbageCollector(ctx('garbage-collector'));
    this.endpointSlices = new EndpointSliceController(ctx('endpointslice-controller'));
    new EndpointsController(ctx(ENDPOINT_CONTROLLER));
    this.disruption = new DisruptionController(ctx('disruption-controller'));
    new PodGarbageCollector(ctx('pod-garbage-collector')).start();
    new NamespaceController(ctx('namespace-controller'));
    this.jobs = new JobController(ctx('job-controller'));
    new CronJobController(ctx('cronjob-controller'));
    new TtlAfterFinishedController(ctx('ttl-after-finished-controller'));
    this.statefulSets = new StatefulSetController(ctx('statefulset-controller'));
    this.volumeBinder = new PersistentVolumeController(ctx('persistentvolume-binder'));
    new PvcProtectionController(ctx('pvc-protection-controller'));
    new PvProtectionController(ctx('pv-protection-controller'));
    this.provisioner = new LocalPathProvisioner(sim.client('local-path-provisioner'), sim.scheduler);
    new ServiceAccountsController(ctx('serviceaccount-controller'));
    new ResourceQuotaController(ctx('resourcequota-controller')).start();
    new RootCACertPublisher(ctx('root-ca-cert-publisher'), CLUSTER_CA_CERT);
    this.scheduler = new Scheduler(sim.client('scheduler'), sim.scheduler, sim.rng.get('scheduler'), options.stepwiseSyncs === true ? { podsPerCycle: PODS_PER_LIVE_CYCLE } : {});
    this.traffic = new TrafficGenerator(sim.scheduler, this, sim.rng.get('traffic'), options.requestLatencyMs);
    this.metrics = new MetricsServer(sim.client('metrics-server'), sim.scheduler, this.traffic.served, (pod) => this.kubelets.get(pod.spec?.nodeName ?? '')?.workingSets(pod.metadata.uid ?? ''));
    new HorizontalPodAutoscalerController(ctx('horizontal-pod-autoscaler'), this.metrics);
    // Its own process with its own informers, like the real one; its stream is drawn from only when it runs.
    const groups = options.nodeGroups ?? [];
    this.cloud = groups.length === 0 ? undefined : new SimulatedCloud(groups, sim.scheduler, this);
    this.autoscaler = this.cloud === undefined ? undefined : new ClusterAutoscaler(sim.client('cluster-autoscaler'), sim.scheduler, this.cloud, sim.rng.get('cluster-autoscaler'));
  }

  /** Starts watching: controllers, scheduler, and a kubelet for each node already registered. */
  start(nodes: readonly NodeShape[]): this {
    this.informers.start();
    this.volumeBinder.start();
    this.provisioner.start();
    this.scheduler.start();
    this.metrics.start();
    new RequestLog(this.sim.scheduler, this.traffic.served, () => [...this.kubelets.values()].flatMap((k) => (k.down ? [] : [...k.workers.values()]))).start();
    for (const n of nodes) if (n.nodeGroup !== undefined) this.cloud?.adopt(n.name, n.nodeGroup);
    this.autoscaler?.start();
    for (const n of nodes) this.startKubelet(n.name, n.controlPlane === true);
    return this;
  }

  /** A control-plane node's kubelet also runs kubeadm's static pods (etcd, kube-apiserver, ...), shown as mirror pods. */
  private startKubelet(name: string, controlPlane = false): Kubelet {
    const index = this.nodeCount++;
    const node = this.sim.api.tryGet('Node', null, name);
    const hostIP = (node?.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address ?? `10.0.0.${index + 2}`;
    const k = new Kubelet(this.sim.client(`kubelet/${name}`), this.sim.scheduler, {
      node: name,
      index,
      hostIP,
      missingImages: new Set(this.options.missingImages ?? []),
      preloadedImages: [KUBE_PROXY_IMAGE],
      logs: this.sim.logs,
      ...(this.options.kubeletTimings !== undefined ? { timings: this.options.kubeletTimings } : {}),
      ...(controlPlane ? { staticPods: controlPlaneManifests(name, hostIP) } : {}),
      ...(this.sim.options.eviction !== undefined ? { eviction: this.sim.options.eviction } : {}),
    });
    const proxy = new KubeProxy(name, this.sim.client(`kube-proxy/${name}`), this.sim.scheduler, this.options.kubeProxyLagMs);
    this.kubeProxies.set(name, proxy);
    k.processes$.subscribe((e) => tieKubeProxy(proxy, e));
    this.kubelets.set(name, k.start());
    return k;
  }

  // ---- traffic (TrafficHost) ----------------------------------------------------

  /** The kube-proxies of nodes that are up: clients on a down node send nothing. */
  proxies(): KubeProxy[] {
    return [...this.kubeProxies.values()].filter((p) => !this.down.has(p.node));
  }

  listening(node: string, podUid: string): boolean {
    return !this.down.has(node) && (this.kubelets.get(node)?.listening(podUid) ?? false);
  }

  kubelet(node: string): Kubelet {
    const k = this.kubelets.get(node);
    if (k === undefined) throw new FaultError(`no node "${node}" (nodes: ${[...this.kubelets.keys()].join(', ')})`);
    return k;
  }

  // ---- faults -----------------------------------------------------------------

  nodeDown(node: string): void {
    this.kubelet(node).stop();
    this.down.add(node);
  }

  nodeUp(node: string): void {
    this.kubelet(node).restart();
    this.down.delete(node);
  }

  addNode(shape: NodeShape, cause: number | null = null): void {
    if (this.kubelets.has(shape.name)) throw new FaultError(`node "${shape.name}" already exists`);
    this.sim.registerNode(shape, this.nodeCount, cause);
    this.startKubelet(shape.name);
  }

  /** The machine is gone: its kubelet stops and the Node object is deleted (as a cloud controller would). */
  removeNode(node: string, cause: number | null = null): void {
    this.kubelet(node).stop();
    this.down.add(node);
    this.kubeProxies.get(node)?.stop();
    this.kubeProxies.delete(node);
    try {
      this.sim.client('cloud-node-lifecycle-controller').withCause(cause).delete('Node', null, node, {}, { reason: 'DeletingNode', message: `the machine behind ${node} is gone: Node deleted` });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  private podKubelet(namespace: string, pod: string): Kubelet {
    const obj = this.sim.api.tryGet('Pod', namespace, pod);
    if (obj === undefined) throw new FaultError(`pod ${namespace}/${pod} not found`);
    const node = obj.spec?.nodeName;
    if (node === undefined || node === '') throw new FaultError(`pod ${namespace}/${pod} is not running on a node yet${noNodesReason(this.sim.api)}`);
    return this.kubelet(node);
  }

  killPod(namespace: string, pod: string): void {
    if (!this.podKubelet(namespace, pod).killPod(namespace, pod)) throw new FaultError(`pod ${namespace}/${pod} has no running containers to kill`);
  }

  crashContainer(namespace: string, pod: string, container?: string): void {
    if (!this.podKubelet(namespace, pod).crashContainer(namespace, pod, container)) throw new FaultError(`pod ${namespace}/${pod}: no running container${container ? ` "${container}"` : ''} to crash`);
  }

  failProbe(namespace: string, pod: string, kind: ProbeKind, durationMs: number): void {
    if (!this.podKubelet(namespace, pod).failProbe(namespace, pod, kind, this.sim.scheduler.now() + durationMs)) throw new FaultError(`pod ${namespace}/${pod} is not running`);
  }

  /** Pods as they are named at run time: `web-*` picks the first matching pod in name order. */
  resolvePod(namespace: string, pattern: string): string {
    if (!pattern.includes('*')) return pattern;
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const pod = this.firstRunningPod(namespace, {}, (p) => re.test(p.metadata.name ?? ''));
    if (pod === undefined) throw new FaultError(`no running pod matches "${pattern}" in namespace ${namespace}${noNodesReason(this.sim.api)}`);
    return pod.metadata.name ?? '';
  }

  /** The first pod in name order that is Running and not terminating, among those listed and matching. */
  firstRunningPod(namespace: string, list: ListOptions, match: (pod: Readonly<KObject>) => boolean = () => true): Readonly<KObject> | undefined {
    return this.sim.api
      .list('Pod', { ...list, namespace })
      .items.find((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase === 'Running' && match(p));
  }
}

export class FaultError extends Error {
  override name = 'FaultError';
}
