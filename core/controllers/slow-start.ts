/**
 * controller.slowStartBatch: calls fn `count` times in batches of 1, 2, 4, 8 ... and
 * stops at the first batch with a failure. When a namespace refuses pods, 500 wanted
 * pods cost 1 failed request instead of 500. Returns how many calls succeeded.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: (i: number) => boolean): { successes: number; batches: number[] } {
  return runSteps(slowStartSteps(count, initialBatchSize, fn));
}

/** Runs work done in steps (a generator that yields where a task may end) without pausing: its result. */
export function runSteps<R>(steps: Generator<void, R, void>): R {
  for (let r = steps.next(); ; r = steps.next()) if (r.done === true) return r.value;
}

/**
 * slowStartBatch one batch at a time: it yields after each batch but the last, where a
 * caller may end its task and carry on in the next (live mode's ReplicaSet sync); run
 * without pausing, it makes the same calls in the same order. Upstream
 * (pkg/controller/replicaset/replica_set.go, slowStartBatch) runs a batch's calls in
 * goroutines and waits for all of them before the next batch, so a request to the API
 * server can be served between any two of them; here, between two batches. 250 pods from
 * SlowStartInitialBatchSize = 1 (pkg/controller/controller_utils.go) are batches of
 * 1, 2, 4, 8, 16, 32, 64 and 123, and the last two would still be half the sync in one
 * task: `perStep` also pauses inside a batch every that many calls.
 */
export function* slowStartSteps(count: number, initialBatchSize: number, fn: (i: number) => boolean, perStep = Number.POSITIVE_INFINITY): Generator<void, { successes: number; batches: number[] }, void> {
  let remaining = count;
  let successes = 0;
  let i = 0;
  const batches: number[] = [];
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    if (batches.length > 0) yield;
    batches.push(batch);
    let failed = false;
    for (let j = 0; j < batch; j++) {
      // A batch's calls are concurrent upstream: a pause inside one changes nothing it decides.
      if (j > 0 && j % perStep === 0) yield;
      if (fn(i++)) successes++;
      else failed = true;
    }
    if (failed) break;
    remaining -= batch;
  }
  return { successes, batches };
}
