/**
 * Resolves once the browser has painted what the current task drew: a requestAnimationFrame
 * callback runs just before the next paint, and a timer set from it runs after that paint.
 * What is below the fold (the pod lifecycles under the Workloads charts at 1280x720 and
 * 1600x1000) is built then, so the first frame shows the charts in view without waiting
 * for it: ~300 ms of a 1,000-pod rolled recording's cached open.
 * A hidden tab gets no animation frames, so there a timer alone does it.
 */
export function afterPaint(): Promise<void> {
  return new Promise((done) => {
    if (document.hidden) setTimeout(done, 0);
    else requestAnimationFrame(() => setTimeout(done, 0));
  });
}
