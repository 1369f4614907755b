import { badRequest } from './status.js';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** A parsed selector: every requirement must hold (AND), like labels.Selector. */
export type Selector = Requirement[];

export function matches(selector: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  for (const r of selector) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const value = l[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/**
 * metav1.LabelSelectorAsSelector: matchLabels and matchExpressions ANDed. An empty
 * selector ({}) matches everything; a missing one (undefined) matches nothing, as
 * upstream controllers treat a nil selector.
 */
export function fromLabelSelector(sel: LabelSelector | undefined | null): Selector | null {
  if (sel === undefined || sel === null) return null;
  const out: Selector = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) out.push({ key, operator: 'In', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator !== 'In' && e.operator !== 'NotIn' && e.operator !== 'Exists' && e.operator !== 'DoesNotExist') {
      throw badRequest(`"${e.operator}" is not a valid label selector operator`);
    }
    out.push({ key: e.key, operator: e.operator, values: [...(e.values ?? [])] });
  }
  return out;
}

/** Parses kubectl's `-l` syntax: `app=web,tier!=db,env in (a,b),!legacy,track`. */
export function parseSelector(text: string): Selector {
  const out: Selector = [];
  const src = text.trim();
  if (src === '') return out;
  let i = 0;
  const fail = (what: string): never => {
    throw badRequest(`unable to parse requirement: ${what} in label selector "${text}"`);
  };
  const skipSpace = (): void => {
    while (i < src.length && src[i] === ' ') i++;
  };
  const word = (): string => {
    skipSpace();
    const start = i;
    while (i < src.length && !' ,=!()'.includes(src[i] as string)) i++;
    return src.slice(start, i);
  };
  while (i < src.length) {
    skipSpace();
    if (src[i] === '!') {
      i++;
      const key = word();
      if (key === '') fail('missing key after "!"');
      out.push({ key, operator: 'DoesNotExist', values: [] });
    } else {
      const key = word();
      if (key === '') fail(`unexpected "${src[i] ?? ''}"`);
      skipSpace();
      if (src.startsWith('==', i) || src[i] === '=') {
        i += src.startsWith('==', i) ? 2 : 1;
        out.push({ key, operator: 'In', values: [word()] });
      } else if (src.startsWith('!=', i)) {
        i += 2;
        out.push({ key, operator: 'NotIn', values: [word()] });
      } else if (/^(in|notin)\s*\(/.test(src.slice(i))) {
        const op = src.startsWith('notin', i) ? 'NotIn' : 'In';
        i = src.indexOf('(', i) + 1;
        const close = src.indexOf(')', i);
        if (close < 0) fail('missing ")"');
        const values = src
          .slice(i, close)
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '');
        i = close + 1;
        out.push({ key, operator: op, values });
      } else {
        out.push({ key, operator: 'Exists', values: [] });
      }
    }
    skipSpace();
    if (i < src.length) {
      if (src[i] !== ',') fail(`unexpected "${src[i] ?? ''}"`);
      i++;
    }
  }
  return out;
}

export function selectorToString(selector: Selector): string {
  return selector
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
