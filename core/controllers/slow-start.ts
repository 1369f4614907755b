/**
 * controller.slowStartBatch: calls fn `count` times in batches of 1, 2, 4, 8 ... and
 * stops at the first batch with a failure. When a namespace refuses pods, 500 wanted
 * pods cost 1 failed request instead of 500. Returns how many calls succeeded.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: (i: number) => boolean): { successes: number; batches: number[] } {
  let remaining = count;
  let successes = 0;
  let i = 0;
  const batches: number[] = [];
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    batches.push(batch);
    let failed = false;
    for (let j = 0; j < batch; j++) {
      if (fn(i++)) successes++;
      else failed = true;
    }
    if (failed) break;
    remaining -= batch;
  }
  return { successes, batches };
}
