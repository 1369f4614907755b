/** Stable fake identifiers (container IDs, image digests) derived from names, so runs stay identical. */
export function hex(text: string, length: number): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < length; round++) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= round;
    h = Math.imul(h, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** docker.io/library/nginx:1.27 for "nginx:1.27", as containerd reports images. */
export function fullImage(image: string): string {
  const [repo] = image.split('@');
  const hasTag = (repo ?? '').lastIndexOf(':') > (repo ?? '').lastIndexOf('/');
  const withTag = hasTag || image.includes('@') ? image : `${image}:latest`;
  const first = withTag.split('/')[0] ?? '';
  if (!withTag.includes('/')) return `docker.io/library/${withTag}`;
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return `docker.io/${withTag}`;
  return withTag;
}

/**
 * What containerd reports for an image, by the image as the pod spec names it: its full
 * reference (fullImage) and its imageID (`docker.io/library/nginx@sha256:<64 hex>`).
 * Every status write of a running container reports both, and a cluster runs a handful of
 * images: each is worked out once (a 64-digit hex is 8 hash rounds over the name) and
 * kept, up to IMAGE_REFS_KEPT images (then the table starts over: it is only a cache).
 */
export function imageRefs(image: string): { full: string; imageID: string } {
  let r = imageRefsKept.get(image);
  if (r === undefined) {
    if (imageRefsKept.size >= IMAGE_REFS_KEPT) imageRefsKept.clear();
    const full = fullImage(image);
    r = Object.freeze({ full, imageID: `${full.replace(/:[^:/]+$/, '')}@sha256:${hex(image, 64)}` });
    imageRefsKept.set(image, r);
  }
  return r;
}

const IMAGE_REFS_KEPT = 1024;
const imageRefsKept = new Map<string, { full: string; imageID: string }>();
