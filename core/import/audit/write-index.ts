/**
 * Where each write and failure of the inputs is, and when it happened: the first pass
 * fills it, the second reads the entries back in time order. Seven numbers an entry in
 * growing typed arrays: 1,000,000 writes take 56 MB here instead of ~1 GB of parsed
 * objects, which is what keeps a large log's import in bounded memory.
 *
 * Order (the rule): completion time in µs, then resourceVersion where both
 * entries have one (etcd's revision orders writes within one µs), then the input's rank
 * (inputs ordered by the time inside), its line, and the entry's place in the line.
 */
const FIELDS = 7; // key, rv, input, line, offset, length, sub

export class WriteIndex {
  private data = new Float64Array(FIELDS * 1024);
  count = 0;

  /** `offset` < 0: the record is held in memory (whole-document inputs), `sub` indexes it. */
  add(key: number, rv: number, input: number, line: number, offset: number, length: number, sub: number): void {
    if ((this.count + 1) * FIELDS > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.count * FIELDS;
    this.data[at] = key;
    this.data[at + 1] = rv;
    this.data[at + 2] = input;
    this.data[at + 3] = line;
    this.data[at + 4] = offset;
    this.data[at + 5] = length;
    this.data[at + 6] = sub;
    this.count++;
  }

  key(i: number): number {
    return this.data[i * FIELDS] as number;
  }
  input(i: number): number {
    return this.data[i * FIELDS + 2] as number;
  }
  line(i: number): number {
    return this.data[i * FIELDS + 3] as number;
  }
  offset(i: number): number {
    return this.data[i * FIELDS + 4] as number;
  }
  length(i: number): number {
    return this.data[i * FIELDS + 5] as number;
  }
  sub(i: number): number {
    return this.data[i * FIELDS + 6] as number;
  }

  /** The entries' positions in time order; `rank[input]` orders inputs. */
  sorted(rank: readonly number[]): Uint32Array {
    const d = this.data;
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    order.sort((a, b) => {
      const x = a * FIELDS;
      const y = b * FIELDS;
      const byKey = (d[x] as number) - (d[y] as number);
      if (byKey !== 0) return byKey;
      const ra = d[x + 1] as number;
      const rb = d[y + 1] as number;
      if (ra >= 0 && rb >= 0 && ra !== rb) return ra - rb;
      const byInput = (rank[d[x + 2] as number] as number) - (rank[d[y + 2] as number] as number);
      if (byInput !== 0) return byInput;
      return (d[x + 3] as number) - (d[y + 3] as number) || (d[x + 6] as number) - (d[y + 6] as number);
    });
    return order;
  }

  /** What the index holds in memory, for the bench's figures. */
  get bytes(): number {
    return this.data.byteLength;
  }
}
