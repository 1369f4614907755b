/**
 * A scenario of 600 pods on 10 nodes (~5,700 writes): enough for the recorder to hand over
 * batches of 2,000 and look at the heap, and for V8 to grow its young generation to the
 * most it may. Shared by the CLI's memory tests (recording-heap, young-generation).
 */
export const SIX_HUNDRED_PODS = `apiVersion: kubelapse/v1
kind: Scenario
metadata:
  name: big
  title: Six hundred pods
spec:
  seed: 1
  duration: 1m
  cluster:
    nodes: 10
  steps:
    - at: 0s
      apply: |
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 600
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.27
`;
