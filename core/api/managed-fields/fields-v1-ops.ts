import { FieldSet, SetBuilder } from './field-set.js';
import { encodeFields, type FieldsV1 } from './fields-v1.js';
import { comparePe } from './path-element.js';

/*
 * Set operations straight on the fieldsV1 JSON of an entry, for the write path: an
 * Update only needs to look up and remove the few paths it changed in each other
 * manager's entry and add them to its own, so entries are never decoded whole, and an
 * entry the write does not touch keeps its object. In fieldsV1 a node is a member when
 * it is `{}` or has `.`; other keys are its children.
 */

const isMember = (node: FieldsV1): boolean => '.' in node || isEmptyFields(node);
const hasChildren = (node: FieldsV1): boolean => {
  for (const k in node) if (k !== '.') return true;
  return false;
};

/** The members of `s` that `node` has (SMD's Intersection, one side small). */
export function intersectFields(node: FieldsV1, s: FieldSet): FieldSet {
  if (s.empty) return FieldSet.EMPTY;
  const out = new SetBuilder();
  const walk = (n: FieldsV1, set: FieldSet, path: string[]): void => {
    for (const pe of set.members) {
      const c = n[pe];
      if (c !== undefined && isMember(c)) out.insert([...path, pe]);
    }
    for (const [pe, sub] of set.children) {
      const c = n[pe];
      if (c !== undefined) walk(c, sub, [...path, pe]);
    }
  };
  walk(node, s, []);
  return out.build();
}

/** `node` without the members of `s` (SMD's Difference); the same object when none was there. */
export function removeFields(node: FieldsV1, s: FieldSet): FieldsV1 {
  if (s.empty) return node;
  let out: FieldsV1 | undefined;
  const edit = (): FieldsV1 => (out ??= { ...node });
  for (const pe of s.members) {
    const c = node[pe];
    if (c === undefined || !isMember(c)) continue;
    if (hasChildren(c)) {
      const { '.': _, ...rest } = c;
      edit()[pe] = rest;
    } else delete edit()[pe];
  }
  for (const [pe, sub] of s.children) {
    const c = (out ?? node)[pe];
    if (c === undefined) continue;
    const r = removeFields(c, sub);
    if (r === c) continue;
    if (hasChildren(r)) edit()[pe] = r;
    else if (isMember(c)) edit()[pe] = {};
    else delete edit()[pe];
  }
  return out ?? node;
}

/**
 * `node` with the members of `s` added (SMD's Union), keys kept in SMD order; the same
 * object when it already had them all, as a writer that changes the same fields again
 * (a kubelet's status) mostly does.
 */
export function addFields(node: FieldsV1, s: FieldSet): FieldsV1 {
  if (s.empty) return node;
  let out: FieldsV1 | undefined;
  const edit = (): FieldsV1 => (out ??= { ...node });
  let added = false;
  for (const pe of s.members) {
    const c = node[pe];
    if (c === undefined) {
      edit()[pe] = {};
      added = true;
    } else if (!isMember(c)) edit()[pe] = { '.': {}, ...c };
  }
  for (const [pe, sub] of s.children) {
    const c = (out ?? node)[pe];
    if (c === undefined) {
      edit()[pe] = encodeFields(sub);
      added = true;
    } else if (!hasChildren(c)) edit()[pe] = { '.': {}, ...encodeFields(sub) };
    else {
      const r = addFields(c, sub);
      if (r !== c) edit()[pe] = r;
    }
  }
  if (out === undefined || !added) return out ?? node;
  const sorted: FieldsV1 = {};
  if (out['.'] !== undefined) sorted['.'] = out['.'];
  for (const k of Object.keys(out).filter((k) => k !== '.').sort(comparePe)) sorted[k] = out[k] as FieldsV1;
  return sorted;
}

export function isEmptyFields(node: FieldsV1): boolean {
  for (const _ in node) return false;
  return true;
}
