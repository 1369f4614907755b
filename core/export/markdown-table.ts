/**
 * Markdown (GitHub-flavoured) tables: a header row, a delimiter row and a row per item.
 * A cell's `|` is escaped and its line breaks become spaces, so a kubectl message or a
 * multi-line note never breaks the table apart.
 */
export function markdownTable(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(columns), `|${columns.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

export function cell(text: string): string {
  // "<none>" (kubectl's empty ROLES) must not read as an HTML tag: \< and \> are CommonMark escapes.
  const t = text.replace(/\r?\n/g, ' ').replace(/([\\|<>])/g, '\\$1').trim();
  return t === '' ? ' ' : t;
}

/** Inline code that survives backticks in the text (a longer fence, CommonMark 6.1). */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** Markdown's special characters in running text escaped (a pod named web_1 stays web_1, not web<em>1). */
export function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}
