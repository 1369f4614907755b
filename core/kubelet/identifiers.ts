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
