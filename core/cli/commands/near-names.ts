import { distance } from '../../scenario/suggest.js';

/**
 * Names close to a mistyped one, best first, at most 5: those that start with it or it
 * with them (`web` finds `web-7d9f5-abcde`: pod names carry generated suffixes people
 * leave off), then those within 3 edits (`wbe-7d9f5-abcde`).
 */
export function nearNames(word: string, names: readonly string[]): string[] {
  const w = word.toLowerCase();
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of names) {
    const n = name.toLowerCase();
    if (n === w) continue;
    if (n.startsWith(w) || w.startsWith(n)) scored.push({ name, score: 0 });
    else {
      const d = distance(w, n);
      if (d <= 3) scored.push({ name, score: d });
    }
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, 5).map((s) => s.name);
}
