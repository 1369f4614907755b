import { isDns1123Label, isDns1123Subdomain } from './names.js';
import { invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';
import type { KObject } from './types.js';
import { DNS_LABEL_MESSAGE } from './validation-pod-spec.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/** SetDefaults_Endpoints (pkg/apis/core/v1/defaults.go): a port without a protocol is TCP. */
export function defaultEndpoints(obj: KObject): void {
  for (const ss of Array.isArray(obj.subsets) ? (obj.subsets as any[]) : []) {
    for (const p of Array.isArray(ss?.ports) ? ss.ports : []) if (p !== null && typeof p === 'object' && (p.protocol === undefined || p.protocol === '')) p.protocol = 'TCP';
  }
}

/**
 * ValidateEndpoints (pkg/apis/core/validation/validation.go) for what users write by
 * hand, for a Service without a selector: each subset needs an address, ready or not;
 * each address a valid IP that is not 0.0.0.0, loopback or link-local
 * (ValidateNonSpecialIP), a DNS-label hostname, a DNS-subdomain nodeName; each port a
 * number 1-65535, a protocol, and a name once a subset has two ports or more.
 */
export function validateEndpoints(obj: Readonly<KObject>, causes: StatusCause[]): void {
  const subsets: any[] = Array.isArray(obj.subsets) ? obj.subsets : [];
  subsets.forEach((ss, i) => {
    const path = `subsets[${i}]`;
    const ready: any[] = ss?.addresses ?? [];
    const notReady: any[] = ss?.notReadyAddresses ?? [];
    if (ready.length === 0 && notReady.length === 0) causes.push(requiredCause(path, 'must specify `addresses` or `notReadyAddresses`'));
    ready.forEach((a, j) => validateAddress(a, `${path}.addresses[${j}]`, causes));
    notReady.forEach((a, j) => validateAddress(a, `${path}.notReadyAddresses[${j}]`, causes));
    const ports: any[] = ss?.ports ?? [];
    ports.forEach((p, j) => validatePort(p, ports.length > 1, `${path}.ports[${j}]`, causes));
  });
}

function validateAddress(a: any, path: string, causes: StatusCause[]): void {
  const ip = String(a?.ip ?? '');
  const parsed = parseIp(ip);
  if (parsed === undefined) causes.push(invalidCause(`${path}.ip`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  if (typeof a?.hostname === 'string' && a.hostname !== '' && !isDns1123Label(a.hostname)) causes.push(invalidCause(`${path}.hostname`, a.hostname, DNS_LABEL_MESSAGE));
  if (typeof a?.nodeName === 'string' && !isDns1123Subdomain(a.nodeName)) causes.push(invalidCause(`${path}.nodeName`, a.nodeName, SUBDOMAIN_MESSAGE));
  if (parsed === undefined) {
    causes.push(invalidCause(`${path}.ip`, ip, 'must be a valid IP address'));
    return;
  }
  const special = specialRange(parsed);
  if (special !== undefined) causes.push(invalidCause(`${path}.ip`, ip, special === 'unspecified' ? `may not be unspecified (${ip})` : special));
}

function validatePort(p: any, requireName: boolean, path: string, causes: StatusCause[]): void {
  const name = typeof p?.name === 'string' ? p.name : '';
  if (requireName && name === '') causes.push(requiredCause(`${path}.name`));
  else if (name !== '' && !isDns1123Label(name)) causes.push(invalidCause(`${path}.name`, name, DNS_LABEL_MESSAGE));
  const port = p?.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) causes.push(invalidCause(`${path}.port`, port ?? 0, 'must be between 1 and 65535, inclusive'));
  const protocol = p?.protocol;
  if (protocol === undefined || protocol === '') causes.push(requiredCause(`${path}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) causes.push(unsupportedCause(`${path}.protocol`, protocol, PROTOCOLS));
}

/** An IPv4 address as 4 bytes or an IPv6 one as 16; undefined when it is neither. */
function parseIp(ip: string): number[] | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4 !== null) {
    const bytes = v4.slice(1).map(Number);
    return bytes.every((b) => b <= 255) ? bytes : undefined;
  }
  if (!ip.includes(':') || !/^[0-9A-Fa-f:]+$/.test(ip)) return undefined;
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || (halves.length === 2 && fill < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (all.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]);
}

/** ValidateNonSpecialIP's ranges, as Go's net.IP methods test them. */
function specialRange(b: number[]): string | undefined {
  const v4 = b.length === 4 ? b : b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255 ? b.slice(12) : undefined;
  if (v4 !== undefined) {
    if (v4.every((x) => x === 0)) return 'unspecified';
    if (v4[0] === 127) return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
    if (v4[0] === 169 && v4[1] === 254) return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
    if (v4[0] === 224 && v4[1] === 0 && v4[2] === 0) return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
    return undefined;
  }
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
  if (b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80) return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  if (b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02) return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  return undefined;
}
