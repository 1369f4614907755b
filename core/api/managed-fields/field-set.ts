import { comparePe } from './path-element.js';

/**
 * A set of field paths, as SMD's fieldpath.Set: a trie whose nodes hold the path
 * elements that are members at that level and the children below. A path can be a
 * member and have children (`f:labels` with `.` and `f:app`), which is how fieldsV1
 * tells "I set this map" from "I set keys in it". Sets are values: operations return
 * new sets and share the subtrees they do not change.
 */
export class FieldSet {
  static readonly EMPTY = new FieldSet(new Set(), new Map());

  constructor(
    readonly members: ReadonlySet<string>,
    readonly children: ReadonlyMap<string, FieldSet>,
  ) {}

  static of(...paths: ReadonlyArray<readonly string[]>): FieldSet {
    const b = new SetBuilder();
    for (const p of paths) b.insert(p);
    return b.build();
  }

  get empty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  has(path: readonly string[]): boolean {
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1; i++) {
      s = s.children.get(path[i] as string);
      if (s === undefined) return false;
    }
    return path.length > 0 && s.members.has(path[path.length - 1] as string);
  }

  /** The children of `pe` (SMD's WithPrefix). */
  withPrefix(pe: string): FieldSet {
    return this.children.get(pe) ?? FieldSet.EMPTY;
  }

  union(o: FieldSet): FieldSet {
    if (o.empty) return this;
    if (this.empty) return o;
    const members = new Set(this.members);
    for (const m of o.members) members.add(m);
    const children = new Map(this.children);
    for (const [pe, c] of o.children) {
      const mine = children.get(pe);
      children.set(pe, mine === undefined ? c : mine.union(c));
    }
    return new FieldSet(members, children);
  }

  difference(o: FieldSet): FieldSet {
    if (o.empty || this.empty) return this;
    return this.filter((pe) => !o.members.has(pe), (pe, c) => {
      const oc = o.children.get(pe);
      return oc === undefined ? c : c.difference(oc);
    });
  }

  intersection(o: FieldSet): FieldSet {
    if (o.empty || this.empty) return FieldSet.EMPTY;
    return this.filter((pe) => o.members.has(pe), (pe, c) => {
      const oc = o.children.get(pe);
      return oc === undefined ? FieldSet.EMPTY : c.intersection(oc);
    });
  }

  /** Without the paths of `o` and everything below a member of `o` (SMD's RecursiveDifference). */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.empty || this.empty) return this;
    return this.filter((pe) => !o.members.has(pe), (pe, c) => {
      if (o.members.has(pe)) return FieldSet.EMPTY;
      const oc = o.children.get(pe);
      return oc === undefined ? c : c.recursiveDifference(oc);
    });
  }

  private filter(keepMember: (pe: string) => boolean, child: (pe: string, c: FieldSet) => FieldSet): FieldSet {
    let changed = false;
    const members = new Set<string>();
    for (const m of this.members) {
      if (keepMember(m)) members.add(m);
      else changed = true;
    }
    const children = new Map<string, FieldSet>();
    for (const [pe, c] of this.children) {
      const n = child(pe, c);
      if (n !== c) changed = true;
      if (!n.empty) children.set(pe, n);
    }
    if (!changed) return this;
    return members.size === 0 && children.size === 0 ? FieldSet.EMPTY : new FieldSet(members, children);
  }

  equals(o: FieldSet): boolean {
    if (this === o) return true;
    if (this.members.size !== o.members.size || this.children.size !== o.children.size) return false;
    for (const m of this.members) if (!o.members.has(m)) return false;
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      if (oc === undefined || !c.equals(oc)) return false;
    }
    return true;
  }

  /** Every member path, in SMD's order (members before the children of the same element). */
  paths(): string[][] {
    const out: string[][] = [];
    const walk = (s: FieldSet, prefix: string[]): void => {
      const pes = [...new Set([...s.members, ...s.children.keys()])].sort(comparePe);
      for (const pe of pes) {
        if (s.members.has(pe)) out.push([...prefix, pe]);
        const c = s.children.get(pe);
        if (c !== undefined) walk(c, [...prefix, pe]);
      }
    };
    walk(this, []);
    return out;
  }
}

/** Builds a set by inserting paths into mutable nodes, then freezes it into a FieldSet. */
export class SetBuilder {
  private readonly members = new Set<string>();
  private readonly children = new Map<string, SetBuilder>();

  insert(path: readonly string[], from = 0): void {
    if (from >= path.length) return;
    const pe = path[from] as string;
    if (from === path.length - 1) {
      this.members.add(pe);
      return;
    }
    let c = this.children.get(pe);
    if (c === undefined) {
      c = new SetBuilder();
      this.children.set(pe, c);
    }
    c.insert(path, from + 1);
  }

  build(): FieldSet {
    if (this.members.size === 0 && this.children.size === 0) return FieldSet.EMPTY;
    const children = new Map<string, FieldSet>();
    for (const [pe, c] of this.children) {
      const built = c.build();
      if (!built.empty) children.set(pe, built);
    }
    return new FieldSet(this.members, children);
  }
}
