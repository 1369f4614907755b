import type { Rule } from '../rule.js';
import { metadataOf } from '../write-facts.js';

/**
 * garbage-collector: deletes dependents whose owner is gone (background propagation),
 * or whose owner is being deleted in the foreground.
 *   gc-owner-delete: an owner named in the dependent's ownerReferences was deleted
 */
export const garbageCollectorRule: Rule = {
  queue: 'gc',
  windowMs: 60_000,
  syncKey(f) {
    if (f.actor !== 'garbage-collector' || f.kind === 'Event') return undefined;
    const uid = metadataOf(f.object).ownerReferences?.[0]?.uid;
    return uid !== undefined ? `uid:${uid}` : undefined;
  },
  enqueues(f, t) {
    const deleted = f.verb === 'delete' || (t.after.deleting && t.before?.deleting !== true);
    return deleted && t.after.uid !== '' ? [[`uid:${t.after.uid}`, 'gc-owner-delete']] : [];
  },
};

/**
 * taint-eviction-controller: deletes the pods of a node that got a NoExecute taint
 * (node.kubernetes.io/unreachable or not-ready) once their toleration runs out.
 *   taint-eviction: the node's taints changed
 * Window 10 min: pods tolerate those taints for 300 s by default (DefaultTolerationSeconds).
 */
export const taintEvictionRule: Rule = {
  queue: 'taint-eviction',
  windowMs: 600_000,
  syncKey(f, t) {
    if (f.actor !== 'taint-eviction-controller' || f.kind !== 'Pod' || t.after.nodeName === undefined) return undefined;
    return `node:${t.after.nodeName}`;
  },
  enqueues(f, t) {
    if (f.kind !== 'Node' || t.after.taints === (t.before?.taints ?? '[]')) return [];
    return [[`node:${f.name}`, 'taint-eviction']];
  },
};

/**
 * node-controller (node lifecycle): taints a node and marks its conditions Unknown when
 * its kubelet stops reporting; it acts on the node's last write.
 *   node-status: the node's previous write (the kubelet's last status, the controller's own)
 * Window 10 min: the grace period is 40 s and the monitor runs every 5 s.
 */
export const nodeLifecycleRule: Rule = {
  queue: 'node-lifecycle',
  windowMs: 600_000,
  syncKey(f) {
    return f.actor === 'node-controller' && f.kind === 'Node' ? `node:${f.name}` : undefined;
  },
  enqueues(f) {
    return f.kind === 'Node' ? [[`node:${f.name}`, 'node-status']] : [];
  },
};
