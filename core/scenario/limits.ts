/**
 * Upper bounds on the numbers in a scenario that drive the simulator's loops. Each is
 * far above what a walkthrough needs and low enough that a run always ends; the
 * reasons, with the measurements behind them, are in docs/scenario-format.md (Limits).
 */

/**
 * The longest duration anywhere in a scenario (spec.duration, and so every `at`; traffic
 * and fault durations; cluster timings): 24 hours of cluster time. An idle node costs
 * ~375 events an hour (a Lease renewal every 10 s plus status), so a day of 3 nodes is
 * ~27,000 events in a few seconds; `87600h` (ten years) would be hours of wall time.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;

/**
 * Requests per second of one traffic step. Each request is routed one by one (~0.6 µs:
 * 5.7 million in 3.6 s here), and outcomes are counted per 100 ms bucket, so a higher
 * rate only multiplies counts: the failure ratios the viewer draws are the same.
 */
export const MAX_RPS = 10_000;

/** Nodes in spec.cluster: upstream's largest supported cluster (5,000 nodes). */
export const MAX_NODES = 5000;

/**
 * Replicas of one workload in a scenario (a manifest's spec.replicas, an HPA's
 * maxReplicas, `kubectl create deployment|scale --replicas`). Every pod is an object in
 * memory and a few writes: 60,000 replicas (pending, on 3 nodes) took 55 s and 850 MB
 * here; a billion would never end.
 */
export const MAX_REPLICAS = 50_000;
