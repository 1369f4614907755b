import { isAlias, isCollection, isPair, isScalar, type Document, type Node } from 'yaml';

/**
 * How many alias expansions a document may make, the yaml library's own guard against
 * "billion laughs" documents (an anchor of 9 items, aliased 9 times, 9 levels deep: 9^9
 * values from a few hundred bytes). Plain use of anchors (one container spec reused
 * a few times) stays far below it.
 */
export const MAX_ALIAS_COUNT = 100;

export type ToJsResult = { ok: true; value: unknown } | { ok: false; offset: number; message: string };

type AliasNode = Extract<Node, { source: string }>;

interface Alias {
  node: AliasNode;
  /** The anchored node it stands for: the last `&name` before it, as YAML resolves it. */
  target: unknown;
  /** It sits inside its own target: `&m {a: *m}`. */
  circular: boolean;
}

/**
 * The document as plain JS, or where and why it cannot be: an alias inside its own
 * anchor (a value containing itself, which nothing after can copy or print), an alias
 * without its anchor, or an alias bomb, which the library reports as a bare
 * ReferenceError with no position.
 */
export function toJsChecked(doc: Document): ToJsResult {
  const aliases = aliasesOf(doc);
  const fail = (a: Alias | undefined, message: string): ToJsResult => ({ ok: false, offset: a?.node.range?.[0] ?? 0, message });
  const unknown = aliases.find((a) => a.target === undefined);
  if (unknown !== undefined) return fail(unknown, `unknown alias *${unknown.node.source}: its anchor &${unknown.node.source} must come before it`);
  const circular = aliases.find((a) => a.circular);
  if (circular !== undefined) return fail(circular, `alias *${circular.node.source} is inside its own anchor &${circular.node.source}: a value cannot contain itself`);
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    // Excessive aliasing: name the anchor whose uses stand for the most values, at its first use.
    const sizes = new Map<unknown, number>();
    const targets = new Map<unknown, unknown>(aliases.map((a) => [a.node, a.target]));
    const uses = new Map<unknown, { first: Alias; count: number }>();
    for (const a of aliases) {
      const u = uses.get(a.target);
      if (u === undefined) uses.set(a.target, { first: a, count: 1 });
      else u.count++;
    }
    let worst: { first: Alias; count: number; total: number } | undefined;
    for (const [target, u] of uses) {
      const total = Math.min(u.count * expandedSize(target, sizes, targets), Number.MAX_SAFE_INTEGER);
      if (worst === undefined || total > worst.total) worst = { ...u, total };
    }
    const n = (x: number): string => x.toLocaleString('en-US');
    const what = worst === undefined ? '' : `: &${worst.first.node.source} is used ${n(worst.count)} time${worst.count === 1 ? '' : 's'}, standing for ${n(worst.total)} values`;
    return fail(worst?.first, `excessive aliasing${what} (at most ${MAX_ALIAS_COUNT} alias expansions; a "billion laughs" document?)`);
  }
}

/** Every alias in document order with what it stands for; one pass, no recursion (a deep document must not overflow the stack). */
function aliasesOf(doc: Document): Alias[] {
  interface Frame {
    node: unknown;
    parent: Frame | undefined;
  }
  const anchors = new Map<string, unknown>();
  const out: Alias[] = [];
  const stack: Frame[] = [{ node: doc.contents, parent: undefined }];
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    const n = f.node;
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      let circular = false;
      for (let p = f.parent; p !== undefined && target !== undefined && !circular; p = p.parent) circular = p.node === target;
      out.push({ node: n as AliasNode, target, circular });
      continue;
    }
    const anchor = (n as { anchor?: string } | null)?.anchor;
    if (typeof anchor === 'string') anchors.set(anchor, n);
    if (isPair(n)) stack.push({ node: n.value, parent: f }, { node: n.key, parent: f });
    else if (isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push({ node: n.items[i], parent: f });
  }
  return out;
}

/** Values a node stands for once every alias is expanded (memoized per node, capped to stay a safe number). */
function expandedSize(node: unknown, memo: Map<unknown, number>, targets: ReadonlyMap<unknown, unknown>, depth = 0): number {
  if (node === null || node === undefined || isScalar(node)) return 1;
  const known = memo.get(node);
  if (known !== undefined) return known;
  if (depth > 200) return 1;
  let size = 1;
  if (isAlias(node)) size = expandedSize(targets.get(node), memo, targets, depth + 1);
  else if (isPair(node)) size = expandedSize(node.key, memo, targets, depth + 1) + expandedSize(node.value, memo, targets, depth + 1);
  else if (isCollection(node)) for (const item of node.items) size += expandedSize(item, memo, targets, depth + 1);
  size = Math.min(size, Number.MAX_SAFE_INTEGER);
  memo.set(node, size);
  return size;
}
