import { describe, expect, it } from 'vitest';
import { EMPTY, scanLines } from '../bench/watch-lines.js';

// The watch bench counts an event as delivered when its reader finds the event's
// resourceVersion (test/bench/live-watchers.ts): a line it misses reads as never delivered.
const pod = (rv: string, managedFirst: boolean): string => {
  const managed = `"managedFields":[{"manager":"kubelet","fieldsV1":{"f:status":{}}}]`;
  const meta = managedFirst ? `{${managed},"name":"web-${rv}","resourceVersion":"${rv}"}` : `{"name":"web-${rv}","resourceVersion":"${rv}",${managed}}`;
  return `{"type":"MODIFIED","object":{"kind":"Pod","metadata":${meta},"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}}\n`;
};

function readAll(stream: Buffer, cuts: number[]): string[] {
  const found: string[] = [];
  let rest = EMPTY;
  let from = 0;
  for (const to of [...cuts, stream.length]) {
    const c = stream.subarray(from, to);
    rest = scanLines(rest.length === 0 ? c : Buffer.concat([rest, c]), (rv) => found.push(rv));
    from = to;
  }
  expect(rest.length).toBe(0);
  return found;
}

describe('the watch bench reader', () => {
  const error = '{"type":"ERROR","object":{"kind":"Status","code":410,"message":"too old"}}\n';
  const stream = Buffer.from(pod('101', false) + pod('102', true) + error + pod('103', false));

  it('finds every event in order, the metadata resourceVersion after managedFields too, and skips a line without one', () => {
    expect(readAll(stream, [])).toEqual(['101', '102', '103']);
  });

  it('finds the same wherever the stream is cut into reads', () => {
    for (let cut = 1; cut < stream.length; cut++) expect(readAll(stream, [cut])).toEqual(['101', '102', '103']);
    expect(readAll(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1))).toEqual(['101', '102', '103']);
  });

  it('keeps an unfinished line for the next read', () => {
    const found: string[] = [];
    const rest = scanLines(Buffer.from(pod('7', false) + pod('8', false).slice(0, 30)), (rv) => found.push(rv));
    expect(found).toEqual(['7']);
    expect(rest.toString()).toBe(pod('8', false).slice(0, 30));
  });
});
