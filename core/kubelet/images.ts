import { fullImage, hex } from './identifiers.js';

/**
 * What kubelapse knows of the usual images: the size containerd reports for them (the
 * `Image size: N bytes.` of upstream's Pulled event, pkg/kubelet/images/image_manager.go
 * EnsureImageExists) and the ports their own entrypoint listens on. Sizes are the
 * linux/amd64 compressed sizes of these images' current tags, rounded as a registry lists
 * them (nginx:1.27 ~72.9 MB, busybox:1.36 ~2.2 MB); they do not change with the tag here.
 */
interface KnownImage {
  bytes: number;
  /** the ports the image's entrypoint listens on (coredns: its Corefile's health 8080 and ready 8181 too) */
  ports: readonly number[];
}

const KNOWN: Readonly<Record<string, KnownImage>> = {
  'docker.io/library/nginx': { bytes: 72_955_450, ports: [80] },
  'docker.io/library/httpd': { bytes: 58_233_412, ports: [80] },
  'docker.io/library/busybox': { bytes: 2_155_402, ports: [] },
  'docker.io/library/alpine': { bytes: 3_623_807, ports: [] },
  'docker.io/library/ubuntu': { bytes: 29_754_290, ports: [] },
  'docker.io/library/debian': { bytes: 48_494_272, ports: [] },
  'docker.io/library/redis': { bytes: 45_093_574, ports: [6379] },
  'docker.io/library/memcached': { bytes: 31_207_113, ports: [11211] },
  'docker.io/library/postgres': { bytes: 158_243_112, ports: [5432] },
  'docker.io/library/mysql': { bytes: 171_590_355, ports: [3306] },
  'docker.io/library/python': { bytes: 371_838_006, ports: [] },
  'docker.io/library/node': { bytes: 393_012_581, ports: [] },
  'docker.io/library/perl': { bytes: 334_140_275, ports: [] },
  'registry.k8s.io/pause': { bytes: 320_368, ports: [] },
  'registry.k8s.io/coredns/coredns': { bytes: 18_562_039, ports: [53, 8080, 8181, 9153] },
  'registry.k8s.io/etcd': { bytes: 57_680_541, ports: [2379, 2380, 2381] },
  'registry.k8s.io/kube-apiserver': { bytes: 28_060_710, ports: [6443] },
  'registry.k8s.io/kube-controller-manager': { bytes: 26_236_540, ports: [10257] },
  'registry.k8s.io/kube-scheduler': { bytes: 20_636_126, ports: [10259] },
  'registry.k8s.io/kube-proxy': { bytes: 30_230_147, ports: [10249, 10256] },
};

/** `docker.io/library/nginx` for `nginx:1.27` or `nginx@sha256:...`: the repository, no tag or digest. */
function repository(image: string): string {
  return fullImage(image).replace(/@.*$/, '').replace(/:[^:/]+$/, '');
}

/**
 * The image's size in bytes: the table's, or for an image kubelapse does not know a
 * plausible one derived from its name (5 MB to 200 MB, the same on every run):
 * `example.com/app:v2` -> hex(name) -> 5,000,000 + n mod 195,000,000.
 */
export function imageSize(image: string): number {
  const known = KNOWN[repository(image)];
  if (known !== undefined) return known.bytes;
  return 5_000_000 + (Number.parseInt(hex(fullImage(image), 8), 16) % 195_000_000);
}

/**
 * The ports a container's image's own entrypoint listens on, when the container runs that
 * entrypoint (no `command` of its own); none for an image kubelapse does not know.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- container specs are open JSON
export function entrypointPorts(spec: any): readonly number[] {
  if (Array.isArray(spec?.command) && spec.command.length > 0) return [];
  return KNOWN[repository(spec?.image ?? '')]?.ports ?? [];
}

/**
 * A duration as Go's time.Duration prints it after Truncate(time.Millisecond), as the
 * Pulled event shows it: 2000 -> `2s`, 400 -> `400ms`, 1500 -> `1.5s`, 61500 -> `1m1.5s`.
 */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const m = Math.floor(ms / 60_000);
  const rest = ms - m * 60_000;
  const s = `${Math.floor(rest / 1000)}${rest % 1000 === 0 ? '' : `.${String(rest % 1000).padStart(3, '0').replace(/0+$/, '')}`}s`;
  return m > 0 ? `${m}m${s}` : s;
}
