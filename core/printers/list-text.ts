import { createRequire } from 'node:module';
import { indentJson } from './json-indent.js';

/** The objects of a kind as their recorded texts, a range at a time (StateView). */
export interface ListTexts {
  readonly length: number;
  texts(from: number, to: number): string[];
}

/**
 * Objects a piece of -o json: 1,024 Pods are ~10 MB of indented JSON, small beside the
 * 100,000 of a large recording (955 MB) and few writes to the pipe.
 */
const JSON_PIECE = 1024;

/**
 * Objects a piece of -o yaml: each is parsed and laid out by the yaml package, so a piece
 * holds 256 objects at once (~2.5 MB of Pods parsed) instead of 100,000 (~1.4 GB parsed,
 * then a string past V8's longest).
 */
const YAML_PIECE = 256;

/**
 * `kubectl get <kind> -o json` of a whole kind as pieces of text, each one `out` line
 * (written with a newline after it): the List laid out as JSON.stringify(list, null, 2)
 * lays it out (json-indent.ts), from the recorded texts without a parse.
 */
export function* jsonListPieces(view: ListTexts): Generator<string> {
  if (view.length === 0) {
    yield JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }, null, 2);
    return;
  }
  yield '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [';
  for (let from = 0; from < view.length; from += JSON_PIECE) {
    const texts = view.texts(from, from + JSON_PIECE);
    const end = from + texts.length === view.length ? texts.length - 1 : -1; // the list's last object: no comma
    yield texts.map((t, j) => `    ${indentJson(t, 2)}${j === end ? '' : ','}`).join('\n');
  }
  yield '  ]\n}';
}

/** The yaml package, loaded for -o yaml only (~100 ms of module loading every other `get` skips). */
export const yamlStringify = (value: unknown, options?: import('yaml').ToStringOptions & import('yaml').DocumentOptions & import('yaml').SchemaOptions & import('yaml').CreateNodeOptions): string =>
  (createRequire(import.meta.url)('yaml') as typeof import('yaml')).stringify(value, options);

/**
 * `kubectl get <kind> -o yaml` of a whole kind as pieces of text (each one `out` line):
 * the same bytes as yaml's stringify of the whole List, trimmed at the end, made 256
 * objects at a time. yaml lays out a sequence's items one by one at the same indent
 * whatever their neighbours (its line folding counts the indent, so each piece is laid out
 * inside an `items:` key as in the List, and that key's line is dropped); the List's
 * objects are parsed from their texts and share nothing, so no anchor spans two pieces.
 */
export function* yamlListPieces(view: ListTexts): Generator<string> {
  if (view.length === 0) {
    yield yamlStringify({ apiVersion: 'v1', kind: 'List', items: [] }).trimEnd();
    return;
  }
  yield 'apiVersion: v1\nkind: List\nitems:';
  for (let from = 0; from < view.length; from += YAML_PIECE) {
    const items = view.texts(from, from + YAML_PIECE).map((t) => JSON.parse(t) as unknown);
    // Parsed texts share no object, so yaml's search for repeated ones (to write anchors)
    // finds none: skipped, 2.4 s instead of 3.6 s for 612 Pods, the same bytes.
    const text = yamlStringify({ items }, { aliasDuplicateObjects: false });
    // "items:\n" and the trailing newline off: the piece is the sequence's lines.
    yield text.slice(text.indexOf('\n') + 1, text.length - 1);
  }
}
