import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { cli } from '../helpers.js';

/**
 * A small story whose pods write every kind of line: a two-container pod behind a
 * Service with traffic (start, listening, ready, request summaries, SIGTERM, draining,
 * exit), a Deployment whose process crashes every 8 s (fatal, exit 3, restarts) and a
 * Job whose work is done after 5 s.
 */
export const LOGS_SCENARIO = `apiVersion: kubelapse/v1
kind: Scenario
metadata:
  name: logs-story
  title: Container logs
spec:
  seed: 5
  duration: 70s
  cluster:
    nodes: 2
  steps:
    - at: 0s
      apply: |
        apiVersion: v1
        kind: Pod
        metadata:
          name: two
          labels: {app: two}
          annotations:
            kubelapse/ready-after: 3s
            kubelapse/on-sigterm: drain 2s
        spec:
          containers:
            - {name: a, image: nginx:1.27, ports: [{containerPort: 80}]}
            - {name: b, image: busybox:1.36, ports: [{containerPort: 8080}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: two}
        spec:
          selector: {app: two}
          ports: [{port: 80, targetPort: 80}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: crashy}
        spec:
          replicas: 1
          selector: {matchLabels: {app: crashy}}
          template:
            metadata:
              labels: {app: crashy}
              annotations: {kubelapse/crash-after: 8s, kubelapse/exit-code: "3"}
            spec:
              containers:
                - {name: app, image: busybox:1.36}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: batch}
        spec:
          template:
            metadata:
              annotations: {kubelapse/runs-for: 5s}
            spec:
              restartPolicy: Never
              containers:
                - {name: work, image: busybox:1.36}
    - at: 10s
      traffic: {service: two, rps: 20}
    - at: 50s
      kubectl: delete pod two --wait=false
`;

/** Records the story into `dir`; returns the recording and the run's summary line. */
export function recordLogsStory(dir: string, name = 'logs-story'): { db: string; stdout: string } {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, LOGS_SCENARIO);
  const db = path.join(dir, `${name}.db`);
  const r = cli(['run', file, '-o', db, '-q']);
  expect(r.code, r.stderr).toBe(0);
  return { db, stdout: r.stdout };
}
