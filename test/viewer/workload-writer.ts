import path from 'node:path';
import type { KObject } from '../../core/api/types.js';
import type { Client } from '../../core/client/client.js';
import { EventRecorder } from '../../core/client/event-recorder.js';
import type { Recorder } from '../../core/record/recorder.js';
import type { Recording } from '../../core/record/recording.js';
import type { Simulation } from '../../core/sim/cluster.js';
import { recordedSim } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/** 2026-01-01T00:00:00Z, the fixtures' epoch, in minutes since the Unix epoch: what a CronJob's Job names count. */
export const EPOCH_MINUTES = 29_453_760;

export interface PodSpecIn {
  name: string;
  namespace?: string;
  owner: Readonly<KObject>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  image?: string;
  /** A daemon pod's node: written as the controller does, as required node affinity, not nodeName. */
  target?: string;
  claims?: Array<[volume: string, claim: string]>;
  hostname?: string;
  subdomain?: string;
  restartPolicy?: string;
}

/**
 * Writes a recording through the real API server and recorder the way the workload
 * controllers, the scheduler and the kubelets would: same actors, ownerReferences,
 * labels, status shapes and Events as upstream's, in virtual time. The controllers for
 * these kinds are written elsewhere; these fixtures let the viewer be built and tested
 * against recordings whose every write is known.
 */
export class WorkloadWriter {
  readonly sim: Simulation;
  readonly rec: Recording;
  readonly recorder: Recorder;
  readonly file: string;
  private readonly recorders = new Map<string, EventRecorder>();

  constructor(dir: string, name: string, nodes: number) {
    this.file = path.join(dir, `${name}.db`);
    const { sim, rec, recorder } = recordedSim(this.file, nodes);
    this.sim = sim;
    this.rec = rec;
    this.recorder = recorder;
  }

  c(actor: string): Client {
    return this.sim.client(actor);
  }

  at(ms: number): this {
    this.sim.runUntil(ms);
    return this;
  }

  now(): number {
    return this.sim.api.now();
  }

  chapter(title: string, body: string | null = null): this {
    this.recorder.flush();
    this.recorder.addMarker({ timeMs: this.now(), seq: this.recorder.count, kind: 'chapter', title, body });
    return this;
  }

  /** A Kubernetes Event about `involved`, through client-go's recorder logic (a repeat bumps `count`). */
  event(actor: string, involved: Readonly<KObject>, type: 'Normal' | 'Warning', reason: string, message: string): void {
    let r = this.recorders.get(actor);
    if (r === undefined) this.recorders.set(actor, (r = new EventRecorder(actor.split('/')[0] as string)));
    r.record(this.c(actor), involved, type, reason, message);
  }

  get(kind: string, name: string, namespace: string | null = 'default'): Readonly<KObject> {
    return this.sim.api.get(kind, namespace, name);
  }

  /** Replaces the status as `actor` (a controller's status write). */
  status(actor: string, kind: string, name: string, status: any, namespace: string | null = 'default'): Readonly<KObject> {
    const cur = this.get(kind, name, namespace);
    return this.c(actor).updateStatus({ ...cur, status: { ...(cur.status ?? {}), ...status } } as KObject);
  }

  /** Changes the spec or metadata as `actor` (kubectl's patch, a controller's finalizer removal). */
  change(actor: string, kind: string, name: string, edit: (o: any) => void, namespace: string | null = 'default'): Readonly<KObject> {
    const cur = structuredClone(this.get(kind, name, namespace)) as any;
    edit(cur);
    return this.c(actor).update(cur);
  }

  /** A pod as its controller creates it: controller ownerReference, labels, and what the kind adds to the spec. */
  createPod(actor: string, p: PodSpecIn): Readonly<KObject> {
    const o = p.owner;
    const spec: any = {
      containers: [{ name: 'app', image: p.image ?? 'busybox:1.36' }],
      terminationGracePeriodSeconds: 2,
      ...(p.restartPolicy ? { restartPolicy: p.restartPolicy } : {}),
      ...(p.hostname ? { hostname: p.hostname, subdomain: p.subdomain } : {}),
      ...(p.claims ? { volumes: p.claims.map(([name, claimName]) => ({ name, persistentVolumeClaim: { claimName } })) } : {}),
      ...(p.target
        ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.target] }] }] } } } }
        : {}),
    };
    const pod: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: p.name,
        namespace: p.namespace ?? 'default',
        labels: p.labels ?? {},
        ...(p.annotations ? { annotations: p.annotations } : {}),
        ...(p.finalizers ? { finalizers: p.finalizers } : {}),
        ownerReferences: [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name as string, uid: o.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
      },
      spec,
    };
    const made = this.c(actor).create(pod, { reason: 'SuccessfulCreate', message: `${o.kind} ${o.metadata.name} created pod ${p.name}` });
    this.event(actor, o, 'Normal', 'SuccessfulCreate', `Created pod: ${p.name}`);
    return made;
  }

  bind(name: string, node: string, namespace = 'default'): void {
    this.c('scheduler').bind(namespace, name, node, { reason: 'Scheduled', message: `Successfully assigned ${namespace}/${name} to ${node}` });
  }

  /** The kubelet starts the container: Running and (by default) Ready. */
  run(name: string, ready = true, namespace = 'default'): void {
    const node = this.get('Pod', name, namespace).spec?.nodeName as string;
    const ts = this.sim.api.timestamp();
    const cond = (type: string, status: string): any => ({ type, status, lastTransitionTime: ts });
    this.c(`kubelet/${node}`).updateStatus({
      ...this.get('Pod', name, namespace),
      status: {
        phase: 'Running',
        conditions: [cond('PodScheduled', 'True'), cond('Initialized', 'True'), cond('ContainersReady', ready ? 'True' : 'False'), cond('Ready', ready ? 'True' : 'False')],
        containerStatuses: [{ name: 'app', ready, restartCount: 0, started: true, state: { running: { startedAt: ts } } }],
        startTime: ts,
        hostIP: '10.0.0.2',
        podIP: '10.244.0.9',
      },
    } as KObject);
  }

  /** The container exits: Succeeded (exit 0, "Completed") or Failed ("Error"), as the kubelet reports it. */
  exit(name: string, exitCode: number, namespace = 'default'): void {
    const cur = this.get('Pod', name, namespace);
    const node = cur.spec?.nodeName as string;
    const ts = this.sim.api.timestamp();
    const running = cur.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? ts;
    const cond = (type: string): any => ({ type, status: 'False', reason: 'PodCompleted', lastTransitionTime: ts });
    this.c(`kubelet/${node}`).updateStatus({
      ...cur,
      status: {
        ...cur.status,
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: ts }, cond('Initialized'), cond('ContainersReady'), cond('Ready')],
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, started: false, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: running, finishedAt: ts } } }],
      },
    } as KObject);
  }

  /** A controller (or kubectl) deletes the pod: it terminates through its grace period. */
  deletePod(actor: string, name: string, namespace = 'default'): void {
    this.c(actor).delete('Pod', namespace, name, undefined, { reason: 'SuccessfulDelete', message: `deleted pod ${name}` });
  }

  /** The kubelet confirms the pod stopped: it leaves the API server. */
  gone(name: string, namespace = 'default'): void {
    const node = this.get('Pod', name, namespace).spec?.nodeName as string;
    this.c(`kubelet/${node}`).delete('Pod', namespace, name, { gracePeriodSeconds: 0 }, { reason: 'Killing', message: `kubelet on ${node} stopped ${name}` });
  }

  close(endMs: number): string {
    this.at(endMs);
    this.recorder.close({ complete: true, endTimeMs: endMs });
    this.rec.close();
    return this.file;
  }
}
