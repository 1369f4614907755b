import { keptFields } from '../share-values.js';
import type { FieldSet } from './field-set.js';
import { encodeFields, type FieldsV1 } from './fields-v1.js';

/**
 * A new entry's fieldsV1, shared between the objects that get the same one, and made
 * without encoding the set again when an equal set was encoded before.
 *
 * The 10,000 pods of ten ReplicaSets are created with ten distinct sets, and each of
 * the ~64,000 Events of the scale-up with one of a handful: the first write of a shape
 * encodes it (`encodeFields` sorts each level with `comparePe`, which parses every
 * `k:{...}` element's JSON on each comparison), then a table keyed by its JSON gave one
 * object to all of them, and the commit's share-values.ts made that JSON once more to
 * find its kept (compacted, frozen) equal. Profile of `kwok-scale.js 10 1000 1000`
 * (10,000 pods, 305,000 writes, main at 0ac1a63): `encodeFields` 4.2 % and the intern
 * table's JSON 1.2 % of the simulation thread's CPU, ~6 us a write, for a result that was
 * nearly always known already (35,036 new entries in a 2,000-pod run: 433 distinct sets);
 * with this, 0.7 us for the encoding left and 1.7 us for the key (docs/performance.md,
 * round 8).
 *
 * So the set is first looked up by a key made of its own elements, walked in the set's
 * order (no sort, no JSON): members as `m<length>:<pe>`, children as
 * `c<length>:<pe>(...)`. The lengths keep any element text from reading as another
 * (a label key may hold `(` or `)`), so equal keys are equal sets. Two equal sets built
 * in different orders give two keys, and both lead to the same object: a key gives the
 * encoding of its set whatever came first. What it gives is share-values.ts's kept
 * object (`keptFields`): frozen (fields-v1-ops.ts copies on change) and known there by
 * identity.
 */
/**
 * The walk's steps as a tree instead of a text: each node has the nodes after a member
 * element, after entering a child element, and after leaving a child; the kept fieldsV1
 * hangs on the node where its set's walk ends: a member element, entering a child, leaving
 * it, in the set's own order (the steps a key text of the set once spelled), so the same
 * sets lead to the same node, and a set seen before is found with no allocation
 * (the key text was ~1.4 kB of garbage a write, averaged over the 10,000-pod run's
 * writes: every create's whole set). Bounded by nodes, cleared when full, as
 * share-values.ts's table (whose clearing leaves what this one holds frozen and equal:
 * only a second copy can appear).
 */
interface Node {
  member: Map<string, Node> | undefined;
  enter: Map<string, Node> | undefined;
  leave: Node | undefined;
  fields: FieldsV1 | undefined;
}
/*
 * A set seen once (the kubelet's first status entry names the pod's IP) adds a node per
 * step after the point where it leaves the known ones, up to ~100: 16,384 nodes (~2-3 MB)
 * hold the shapes that repeat (an Event's ~35 steps) between clearings.
 */
const LIMIT = 16_384;
const newNode = (): Node => ({ member: undefined, enter: undefined, leave: undefined, fields: undefined });
let root = newNode();
let nodes = 0;
/** Set when a walk finds the table full: the walk starts again from an empty one. */
let full = false;

function added(): Node {
  if (nodes >= LIMIT) full = true;
  nodes++;
  return newNode();
}

/** The node the walk of `set` ends at, from `node` (one node per step). */
function walk(node: Node, set: FieldSet): Node {
  for (const m of set.members) {
    let n = node.member?.get(m);
    if (n === undefined) (node.member ??= new Map()).set(m, (n = added()));
    node = n;
  }
  for (const [pe, child] of set.children) {
    let n = node.enter?.get(pe);
    if (n === undefined) (node.enter ??= new Map()).set(pe, (n = added()));
    const end = walk(n, child);
    node = end.leave ??= added();
  }
  return node;
}

/** encodeFields(set), as the one frozen object every equal set gets (until the table is cleared). */
export function sharedFields(set: FieldSet): FieldsV1 {
  let end = walk(root, set);
  if (full) {
    root = newNode();
    nodes = 0;
    full = false;
    end = walk(root, set);
  }
  end.fields ??= keptFields(encodeFields(set));
  return end.fields;
}
