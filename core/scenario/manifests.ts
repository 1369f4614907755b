import { LineCounter, parseAllDocuments } from 'yaml';
import { apiVersionOf, kindInfo, KINDS } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import { MAX_NESTING_DEPTH, nestsDeeperThan, tooDeepMessage } from '../api/depth.js';
import { yamlMessage } from './yaml-message.js';
import type { Problem } from './source.js';
import { toJsChecked } from './yaml-aliases.js';

export interface ManifestOrigin {
  file: string;
  /** Where the manifest text starts inside `file` (0 for a file of its own). */
  lineOffset: number;
  colOffset: number;
  /** The scenario path the manifests sit at, e.g. spec.steps[0].apply. */
  path: string;
}

/**
 * Parses one or many YAML documents of ordinary Kubernetes objects (a `kind: List`
 * is flattened), reporting each problem at its real line in the scenario or file.
 */
export function parseManifests(text: string, origin: ManifestOrigin): { objects: KObject[]; problems: Problem[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const objects: KObject[] = [];
  const problems: Problem[] = [];
  const at = (offset: number, n: number, message: string): void => {
    const pos = lines.linePos(offset);
    problems.push({
      file: origin.file,
      line: pos.line + origin.lineOffset,
      col: pos.col + (pos.line === 1 || origin.lineOffset > 0 ? origin.colOffset : 0),
      path: origin.path,
      message: `document ${n}: ${message}`,
    });
  };
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const n = i + 1;
    const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) at(e.pos[0], n, yamlMessage(e.message));
      return;
    }
    const js = toJsChecked(doc);
    if (!js.ok) {
      at(js.offset, n, `yaml: ${js.message}`);
      return;
    }
    const value = js.value;
    if (value === null || value === undefined) return; // an empty document between ---
    if (nestsDeeperThan(value)) {
      at(start, n, `${tooDeepMessage('yaml')} (an object may nest at most ${MAX_NESTING_DEPTH} levels)`);
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      at(start, n, 'expected a Kubernetes object (a mapping with apiVersion and kind)');
      return;
    }
    const obj = value as KObject;
    const items = obj.kind === 'List' && Array.isArray(obj.items) ? (obj.items as KObject[]) : [obj];
    for (const item of items) {
      const problem = checkObject(item);
      if (problem !== undefined) at(start, n, problem);
      else objects.push(item);
    }
  });
  return { objects, problems };
}

function checkObject(obj: KObject): string | undefined {
  if (obj === null || typeof obj !== 'object') return 'expected a Kubernetes object';
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') return 'apiVersion is required';
  if (typeof obj.kind !== 'string' || obj.kind === '') return 'kind is required';
  const info = kindInfo(obj.kind);
  if (info === undefined || apiVersionOf(info) !== obj.apiVersion) {
    const known = info === undefined ? KINDS.map((k) => k.kind).join(', ') : `${apiVersionOf(info)} ${info.kind}`;
    return `no matches for kind "${obj.kind}" in version "${obj.apiVersion}" (modeled: ${known})`;
  }
  const meta = obj.metadata;
  if (meta === null || typeof meta !== 'object') return 'metadata is required';
  if ((typeof meta.name !== 'string' || meta.name === '') && (typeof meta.generateName !== 'string' || meta.generateName === '')) {
    return `${obj.kind}: metadata.name or metadata.generateName is required`;
  }
  return undefined;
}
