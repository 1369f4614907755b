/**
 * Go's text/tabwriter as kubectl's describers use it (minwidth 0, tabwidth 8, padding 2,
 * padchar ' '): a cell is text ending in a tab; consecutive lines that have a cell in
 * column j align it to the widest of them plus 2. A line without tabs ends every column
 * block above it, which is why `Name:` aligns with the `Resource` table below it only
 * when no scope help line comes between them.
 */
export function tabbed(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[][] = lines.map((cells) => cells.map(() => 0));
  alignColumn(lines, widths, 0, 0, lines.length);
  return lines
    .map((cells, i) => cells.map((c, j) => (j < cells.length - 1 ? c.padEnd((widths[i] as number[])[j] as number) : c)).join(''))
    .join('\n');
}

/** Column `col` over lines [from, to): each run of lines with a terminated cell there shares one width. */
function alignColumn(lines: string[][], widths: number[][], col: number, from: number, to: number): void {
  let i = from;
  while (i < to) {
    if ((lines[i] as string[]).length - 1 <= col) {
      i++;
      continue;
    }
    let end = i;
    let width = 0;
    while (end < to && (lines[end] as string[]).length - 1 > col) {
      width = Math.max(width, ((lines[end] as string[])[col] as string).length + 2);
      end++;
    }
    for (let k = i; k < end; k++) (widths[k] as number[])[col] = width;
    alignColumn(lines, widths, col + 1, i, end);
    i = end;
  }
}
