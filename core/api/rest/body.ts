import type { IncomingMessage } from 'node:http';
import YAML from 'yaml';
import { PATCH_CONTENT_TYPES, type PatchType } from '../patch.js';
import { decodeK8sProtobuf } from './protobuf.js';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../status.js';
import { isStackOverflow, jsonTextNestsDeeperThan, nestsDeeperThan, tooDeepMessage } from '../depth.js';

/** Upstream's MaxRequestBodyBytes: 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const OBJECT_TYPES = ['application/json', 'application/yaml', PROTOBUF];

/** Reads the whole body, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      // Drain what the client keeps sending so it gets to read the 413.
      req.resume();
      reject(requestEntityTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(requestEntityTooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * JSON.parse, refusing too deep a text before parsing it, with upstream's wording:
 * `couldn't get version/kind; json parse error: exceeded max depth` (ours names 1000).
 */
function parseJson(text: string, what: string): unknown {
  if (jsonTextNestsDeeperThan(text)) throw badRequest(`${what}; ${tooDeepMessage('json')}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`${what}; json parse error: ${(e as Error).message}`);
  }
}

/**
 * YAML, held to the same depth as JSON. The yaml parser is recursive and reports a
 * stack overflow as a parse error (near 800 levels of flow or block nesting): that is
 * the same "too deep", said the same way.
 */
function parseYaml(text: string): unknown {
  let value: unknown;
  try {
    value = YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    const message = (e as Error).message;
    if (e instanceof RangeError || isStackOverflow(message)) throw badRequest(`couldn't get version/kind; ${tooDeepMessage('yaml')}`);
    throw badRequest(`couldn't get version/kind; yaml parse error: ${message.split('\n')[0]}`);
  }
  if (nestsDeeperThan(value)) throw badRequest(`couldn't get version/kind; ${tooDeepMessage('yaml')}`);
  return value;
}

/** The body of a POST or PUT: one JSON (or YAML) object. */
export async function readObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  // No Content-Type is JSON, as upstream's input negotiation takes the first it
  // supports (kubectl's scale client sends its PUT without one).
  const type = mediaType(req) || 'application/json';
  if (!OBJECT_TYPES.includes(type)) throw unsupportedMediaType(type, [...OBJECT_TYPES]);
  const raw = await readBody(req);
  // kubectl's typed clients (create deployment, drain's evictions) send protobuf.
  if (type === PROTOBUF) return decodeK8sProtobuf(raw);
  const text = raw.toString('utf8');
  if (text.trim() === '') throw badRequest("Object 'Kind' is missing in ''");
  let value: unknown;
  if (type === 'application/yaml') value = parseYaml(text);
  else value = parseJson(text, "couldn't get version/kind");
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`couldn't get version/kind; the body is ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}, not an object`);
  }
  return value as Record<string, unknown>;
}

/** The body of a PATCH: its type comes from the Content-Type. */
export async function readPatch(req: IncomingMessage): Promise<{ type: PatchType; patch: unknown }> {
  const type = mediaType(req);
  const patchType = PATCH_CONTENT_TYPES[type];
  if (patchType === undefined) {
    const accepted = [...Object.keys(PATCH_CONTENT_TYPES)];
    throw unsupportedMediaType(type, [...accepted, 'application/apply-patch+yaml']);
  }
  const text = (await readBody(req)).toString('utf8');
  return { type: patchType, patch: parseJson(text, 'error decoding patch') };
}

/** The optional body of a DELETE (DeleteOptions), tolerating none at all. */
export async function readOptionalObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(req);
  if (body.length === 0) return undefined;
  if (mediaType(req) === PROTOBUF) return decodeK8sProtobuf(body);
  const value = parseJson(body.toString('utf8'), 'error decoding DeleteOptions');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest('DeleteOptions must be a JSON object');
  return value as Record<string, unknown>;
}
