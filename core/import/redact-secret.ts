/**
 * Secrets are redacted on import unless the user asks to keep them (`--keep-secrets`):
 * an incident recording gets mailed, attached to tickets and opened in a browser, and a
 * token in it would travel with it. Each value of `data` (base64) and `stringData`
 * becomes `<redacted N bytes>`, N the value's size (for `data`, decoded: "aGVsbG8=" is
 * 5 bytes), so a reviewer still sees which keys changed size; the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, which repeats them, goes
 * the same way. Keys, labels and type stay.
 */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function redactValues(values: unknown, decoded: boolean): Record<string, string> | undefined {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
    const text = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
    const bytes = decoded ? Buffer.from(text, 'base64').length : Buffer.byteLength(text, 'utf8');
    out[k] = `<redacted ${bytes} bytes>`;
  }
  return out;
}

/** The object with its secret values redacted, and whether anything was; not a Secret: unchanged. */
export function redactSecret(kind: string, object: Record<string, unknown>): { object: Record<string, unknown>; redacted: boolean } {
  if (kind !== 'Secret') return { object, redacted: false };
  const out: Record<string, unknown> = { ...object };
  let redacted = false;
  const data = redactValues(object.data, true);
  if (data !== undefined) {
    out.data = data;
    redacted = true;
  }
  const stringData = redactValues(object.stringData, false);
  if (stringData !== undefined) {
    out.stringData = stringData;
    redacted = true;
  }
  const meta = object.metadata as { annotations?: Record<string, unknown> } | undefined;
  const applied = meta?.annotations?.[LAST_APPLIED];
  if (meta !== undefined && typeof applied === 'string') {
    out.metadata = { ...meta, annotations: { ...meta.annotations, [LAST_APPLIED]: `<redacted ${Buffer.byteLength(applied, 'utf8')} bytes>` } };
    redacted = true;
  }
  return { object: out, redacted };
}
