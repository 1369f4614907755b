/**
 * events.resource_version is an INTEGER (the simulator's cluster-wide revision). A real
 * API server's resourceVersion is opaque text, in practice etcd's revision ("48213"),
 * which is kept as the number. When a source has none (a Metadata-level audit line, a
 * write whose response was a Status) or a non-numeric one (another storage backend), the
 * column takes the last number plus one: monotonic, never equal to a real revision
 * seen before, and documented as synthetic in docs/import.md. The text itself stays in
 * the object's metadata.resourceVersion when the source had it.
 */
export class RevisionColumn {
  private last = 0;

  next(text: string | null): number {
    if (text !== null && /^\d{1,15}$/.test(text)) {
      const n = Number(text);
      this.last = Math.max(this.last, n);
      return n;
    }
    this.last += 1;
    return this.last;
  }
}
