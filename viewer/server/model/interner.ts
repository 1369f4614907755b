/** Strings shared by many versions (waiting reasons, taint lists), sent once and referred to by index. */
export class Interner {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();

  /** The index of `s`, or -1 for none. */
  id(s: string | null | undefined): number {
    if (s === null || s === undefined || s === '') return -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}
