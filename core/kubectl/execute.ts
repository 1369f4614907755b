import { parseSelector } from '../api/labels.js';
import { kindInfo, kubectlRef } from '../api/kinds.js';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { applyObject, serverSideApplyObject } from './apply.js';
import { KubectlError, type KubectlCommand } from './command.js';
import { createCronJob, createJob } from './create-workloads.js';
import { cordon, drain, type DrainHost } from './node-commands.js';
import { rollout } from './rollout.js';

/** Reads the manifests of `-f FILE`; the scenario resolves paths against its own folder. */
export type ManifestLoader = (file: string) => KObject[];

function ref(kind: string, name: string): string {
  const info = kindInfo(kind);
  return info === undefined ? `${kind.toLowerCase()}/${name}` : kubectlRef(info, name);
}

/** The `Error from server (NotFound): ...` line kubectl prints for a Status. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return `Error from server (${err.reason}): ${err.message}`;
  if (err instanceof KubectlError) return `error: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Carries out a parsed kubectl command through the API server, as the `kubectl`
 * actor, and returns what kubectl would print. API errors propagate as ApiError.
 */
export function executeKubectl(client: Client, cmd: KubectlCommand, load: ManifestLoader, host?: DrainHost): string[] {
  if (cmd.verb === 'cordon' || cmd.verb === 'uncordon') return [cordon(client, cmd.node, cmd.verb === 'cordon')];
  if (cmd.verb === 'drain') {
    if (host === undefined) throw new KubectlError('drain needs a running cluster to wait in');
    return drain(client, cmd.node, { force: cmd.force, ignoreDaemonsets: cmd.ignoreDaemonsets, ...(cmd.gracePeriod !== undefined ? { gracePeriod: cmd.gracePeriod } : {}) }, host);
  }
  const ns = cmd.namespace;
  switch (cmd.verb) {
    case 'rollout':
      return rollout(client, cmd.kind, cmd.action, ns, cmd.name, cmd.toRevision);
    case 'create-job':
      return [createJob(client, cmd)];
    case 'create-cronjob':
      return [createCronJob(client, cmd)];
    case 'create-namespace':
      client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: cmd.name }, spec: {} }, { reason: 'Create', message: `kubectl create namespace ${cmd.name}` });
      return [`namespace/${cmd.name} created`];
    case 'create-deployment': {
      const labels = { app: cmd.name };
      const containers = cmd.images.map((image) => {
        // kubectl names the container after the image: "nginx:1.25" -> "nginx".
        const base = (image.split('@')[0] ?? image).split('/').pop() ?? image;
        const name = (base.split(':')[0] ?? base).toLowerCase().replace(/[^a-z0-9-]/g, '-');
        const c: Record<string, unknown> = { name, image, resources: {} };
        if (cmd.port !== undefined) c.ports = [{ containerPort: cmd.port }];
        return c;
      });
      client.create(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: cmd.name, ...(ns !== undefined ? { namespace: ns } : {}), labels },
          spec: {
            replicas: cmd.replicas,
            selector: { matchLabels: labels },
            strategy: {},
            template: { metadata: { labels }, spec: { containers } },
          },
        },
        { reason: 'Create', message: `kubectl create deployment ${cmd.name}`, fieldManager: 'kubectl-create' },
      );
      return [`deployment.apps/${cmd.name} created`];
    }
    case 'create': {
      const out: string[] = [];
      for (const file of cmd.files) {
        for (const obj of load(file)) {
          const o = { ...obj, metadata: { ...obj.metadata, ...(ns !== undefined && obj.metadata?.namespace === undefined ? { namespace: ns } : {}) } };
          const created = client.create(o, { reason: 'Create', message: `kubectl create ${ref(obj.kind, obj.metadata?.name ?? '')}`, fieldManager: 'kubectl-create' });
          out.push(`${ref(created.kind, created.metadata.name ?? '')} created`);
        }
      }
      return out;
    }
    case 'apply': {
      const out: string[] = [];
      for (const file of cmd.files) {
        for (const obj of load(file)) out.push(cmd.serverSide ? serverSideApplyObject(client, obj, ns, cmd.fieldManager ?? 'kubectl', cmd.forceConflicts) : applyObject(client, obj, ns, cmd.fieldManager));
      }
      return out;
    }
    case 'scale':
      return cmd.targets.map((t) => {
        client.scale(t.kind, ns, t.name, cmd.replicas, { reason: 'Scale', message: `kubectl scale ${ref(t.kind, t.name)} --replicas=${cmd.replicas}` });
        return `${ref(t.kind, t.name)} scaled`;
      });
    case 'set-image': {
      const obj = client.get(cmd.kind, ns, cmd.name);
      const containers: Array<{ name: string; image: string }> = obj.spec?.template?.spec?.containers ?? obj.spec?.containers ?? [];
      const updates: Array<{ name: string; image: string }> = [];
      for (const [name, image] of cmd.images) {
        const matched = name === '*' ? containers : containers.filter((c) => c.name === name);
        if (matched.length === 0) throw new KubectlError(`unable to find container named "${name}"`);
        for (const c of matched) updates.push({ name: c.name, image });
      }
      const patch = obj.kind === 'Pod' ? { spec: { containers: updates } } : { spec: { template: { spec: { containers: updates } } } };
      const pairs = cmd.images.map(([c, i]) => `${c}=${i}`).join(' ');
      client.patch(cmd.kind, ns, cmd.name, patch, 'strategic', { reason: 'SetImage', message: `kubectl set image ${ref(cmd.kind, cmd.name)} ${pairs}`, fieldManager: 'kubectl-set' });
      return [`${ref(cmd.kind, cmd.name)} image updated`];
    }
    case 'delete': {
      let names = cmd.names;
      if (cmd.selector !== undefined || cmd.all) {
        const sel = cmd.selector === undefined ? [] : parseSelector(cmd.selector);
        names = client.list(cmd.kind, { namespace: ns ?? 'default', labelSelector: sel }).items.map((o) => o.metadata.name ?? '');
        if (names.length === 0) return [`No resources found in ${ns ?? 'default'} namespace.`];
      }
      return names.map((name) => {
        const options = { propagationPolicy: cmd.cascade, ...(cmd.gracePeriod !== undefined ? { gracePeriodSeconds: cmd.gracePeriod } : {}) };
        client.delete(cmd.kind, ns, name, options, { reason: 'Delete', message: `kubectl delete ${ref(cmd.kind, name)}` });
        return `${ref(cmd.kind, name)} deleted`;
      });
    }
    case 'label':
    case 'annotate': {
      const field = cmd.verb === 'label' ? 'labels' : 'annotations';
      return cmd.names.map((name) => {
        const obj = client.get(cmd.kind, ns, name);
        const current: Record<string, string> = (obj.metadata[field] as Record<string, string> | undefined) ?? {};
        const change: Record<string, string | null> = {};
        for (const [k, v] of cmd.set) {
          if (current[k] !== undefined && current[k] !== v && !cmd.overwrite) {
            throw new KubectlError(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
          }
          change[k] = v;
        }
        for (const k of cmd.remove) change[k] = null;
        const text = [...cmd.set.map(([k, v]) => `${k}=${v}`), ...cmd.remove.map((k) => `${k}-`)].join(' ');
        const after = client.patch(cmd.kind, ns, name, { metadata: { [field]: change } }, 'merge', {
          reason: cmd.verb === 'label' ? 'Label' : 'Annotate',
          message: `kubectl ${cmd.verb} ${ref(cmd.kind, name)} ${text}`,
          fieldManager: `kubectl-${cmd.verb}`,
        });
        const what = cmd.verb === 'label' ? 'labeled' : 'annotated';
        return `${ref(cmd.kind, name)} ${after.metadata.resourceVersion === obj.metadata.resourceVersion ? `not ${what}` : what}`;
      });
    }
    case 'patch': {
      const before = client.get(cmd.kind, ns, cmd.name);
      const note = { reason: 'Patch', message: `kubectl patch ${ref(cmd.kind, cmd.name)} --type=${cmd.type}`, fieldManager: 'kubectl-patch' };
      let after: KObject | Readonly<KObject>;
      if (cmd.subresource === 'status') after = client.patchStatus(cmd.kind, ns, cmd.name, cmd.patch, cmd.type, note);
      else if (cmd.subresource === 'scale') {
        const replicas = (cmd.patch as { spec?: { replicas?: unknown } })?.spec?.replicas;
        if (typeof replicas !== 'number') throw new KubectlError('a scale patch must set spec.replicas');
        client.scale(cmd.kind, ns, cmd.name, replicas, note);
        after = client.get(cmd.kind, ns, cmd.name);
      } else after = client.patch(cmd.kind, ns, cmd.name, cmd.patch, cmd.type, note);
      return [`${ref(cmd.kind, cmd.name)} ${after.metadata.resourceVersion === before.metadata.resourceVersion ? 'patched (no change)' : 'patched'}`];
    }
  }
}
