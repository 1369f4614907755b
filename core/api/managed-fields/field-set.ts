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

  /**
   * The members and children kept, with new ones where `child` changes them; `this` when
   * nothing changes. The copies start at the first change: a difference or a reset that
   * touches nothing (most of a write's: STRIPPED against a status write's fields) makes
   * no Set or Map (filter was 1.1 kB of each write's garbage in the 10,000-pod run).
   */
  private filter(keepMember: (pe: string) => boolean, child: (pe: string, c: FieldSet) => FieldSet): FieldSet {
    let members: Set<string> | undefined;
    let i = 0;
    for (const m of this.members) {
      if (members !== undefined) {
        if (keepMember(m)) members.add(m);
      } else if (!keepMember(m)) {
        // The first one dropped: the ones before it were all kept.
        members = new Set<string>();
        let j = 0;
        for (const k of this.members) {
          if (j++ === i) break;
          members.add(k);
        }
      }
      i++;
    }
    let children: Map<string, FieldSet> | undefined;
    i = 0;
    for (const [pe, c] of this.children) {
      const n = child(pe, c);
      if (children === undefined && n !== c) {
        children = new Map<string, FieldSet>();
        let j = 0;
        for (const [k, kc] of this.children) {
          if (j++ === i) break;
          if (!kc.empty) children.set(k, kc);
        }
      }
      if (children !== undefined && !n.empty) children.set(pe, n);
      i++;
    }
    if (members === undefined && children === undefined) return this;
    const m = members ?? this.members;
    const ch = children ?? this.children;
    return m.size === 0 && ch.size === 0 ? FieldSet.EMPTY : new FieldSet(m, ch);
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

const NO_MEMBERS: ReadonlySet<string> = new Set();
const NO_CHILDREN: ReadonlyMap<string, FieldSet> = new Map();

/**
 * Builds a set by inserting paths into mutable nodes, then freezes it into a FieldSet.
 * A node makes its Set and Map on its first member and child (a comparison's three
 * builders are mostly empty, and most nodes have members only), and `build` hands them
 * to the FieldSet, the children's map turned in place from builders into their sets:
 * a builder is built once (SetBuilder and build were 2.5 kB of each write's garbage in
 * the 10,000-pod run, a Set and a Map per node made twice).
 */
export class SetBuilder {
  private members: Set<string> | undefined;
  private children: Map<string, SetBuilder> | undefined;
  private built: FieldSet | undefined;

  insert(path: readonly string[], from = 0): void {
    if (this.built !== undefined) throw new Error('set builder: insert after build');
    if (from >= path.length) return;
    const pe = path[from] as string;
    if (from === path.length - 1) {
      (this.members ??= new Set()).add(pe);
      return;
    }
    const children = (this.children ??= new Map());
    let c = children.get(pe);
    if (c === undefined) {
      c = new SetBuilder();
      children.set(pe, c);
    }
    c.insert(path, from + 1);
  }

  build(): FieldSet {
    if (this.built !== undefined) return this.built;
    const members = this.members;
    const kids = this.children;
    let children: Map<string, FieldSet> | undefined;
    if (kids !== undefined) {
      // Every child holds a member below it (insert makes one only on the way to a member).
      children = kids as unknown as Map<string, FieldSet>;
      for (const [pe, c] of kids) children.set(pe, c.build());
    }
    this.built = members === undefined && children === undefined ? FieldSet.EMPTY : new FieldSet(members ?? NO_MEMBERS, children ?? NO_CHILDREN);
    return this.built;
  }
}
