import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ImportWriter } from '../../import/import-writer.js';
import { KubeTransport, type ClusterTransport } from '../../import/watch/cluster-transport.js';
import { recordCluster, type ClusterRecording } from '../../import/watch/record-cluster.js';
import { parseResources } from '../../import/watch/watched-resources.js';
import { formatDuration } from '../../scenario/duration.js';
import { startViewer } from '../../../viewer/server/serve.js';
import { UsageError } from '../exit.js';
import { checkOutputFolder } from '../output-problem.js';
import { portArg, timeArg } from '../time-arg.js';
import { wallAfter, wallEpoch, wallEvery, wallIso, wallNow, wallSleep } from '../wall-clock.js';

export interface RecordCommandOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  resources?: string;
  output?: string;
  duration?: string;
  keepSecrets?: boolean;
  viewer?: boolean;
  viewerPort?: string;
}

/**
 * How long a change is held before it is written, so that changes of different
 * resources (different watch streams) go in in resourceVersion order: the API server
 * sends an event to every watcher within milliseconds, 250 ms covers a busy one.
 */
const HOLD_MS = 250;
/** Seconds a watch stays open before it is renewed: client-go's reflector picks 5 to 10 minutes. */
const WATCH_TIMEOUT_S = 300;

/** The kubeconfig as kubectl would read it: --kubeconfig, else $KUBECONFIG, else ~/.kube/config; then --context. */
export function loadKubeconfig(file: string | undefined, context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file !== undefined) {
      if (!fs.existsSync(file)) throw new UsageError(`--kubeconfig: ${file}: no such file`);
      kc.loadFromFile(file);
    } else kc.loadFromDefault();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`kubeconfig ${file ?? process.env.KUBECONFIG ?? '~/.kube/config'}: ${(err as Error).message}`);
  }
  if (context !== undefined) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(context)) throw new UsageError(`--context: no context "${context}" in the kubeconfig (it has: ${names.join(', ') || 'none'})`);
    kc.setCurrentContext(context);
  }
  if (kc.getCurrentCluster() === null) throw new UsageError(`kubeconfig ${file ?? process.env.KUBECONFIG ?? '~/.kube/config'}: no current cluster (pass --context)`);
  return kc;
}

/** `record-20261203-121500`: when the recording began, sortable, a valid recording name. */
function defaultName(startIso: string): string {
  return `record-${startIso.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
}

/**
 * `kubelapse record`: list then watch a real cluster's resources, each change a write
 * of an import recording (flushed every second, so the viewer follows it as it grows);
 * Ctrl-C or --duration completes it. `transport` is for tests that cut or pause watches.
 */
export async function recordCommand(opts: RecordCommandOptions, out: (line: string) => void, transportFor?: (kc: KubeConfig) => ClusterTransport): Promise<number> {
  let resources;
  try {
    resources = parseResources(opts.resources);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const durationMs = timeArg('--duration', opts.duration);
  if (durationMs !== undefined && durationMs <= 0) throw new UsageError(`--duration: must be more than 0 (got "${opts.duration}")`);
  const viewerPort = portArg('--viewer-port', opts.viewerPort, 8080);
  if (opts.namespace !== undefined && opts.allNamespaces === true) throw new UsageError('-n/--namespace and -A/--all-namespaces: pick one');
  const kc = loadKubeconfig(opts.kubeconfig, opts.context);
  const startIso = wallIso();
  const recordingsDir = fs.existsSync('recordings') && fs.statSync('recordings').isDirectory() ? 'recordings' : '.';
  const output = opts.output ?? path.join(recordingsDir, `${defaultName(startIso)}.db`);
  if (!/\.db$/.test(output)) throw new UsageError(`--output: ${output}: a recording file ends in .db`);
  checkOutputFolder(output);
  if (fs.existsSync(output)) throw new UsageError(`--output: ${output} already exists; a recording is never overwritten`);

  const transport = transportFor?.(kc) ?? new KubeTransport(kc);
  const context = kc.getCurrentContext();
  const writer = ImportWriter.create(output, { sources: [transport.server], kind: 'watch', keepSecrets: opts.keepSecrets === true, ...(context ? { cluster: context } : {}) });
  const began = wallNow();
  let rec: ClusterRecording;
  try {
    rec = await recordCluster(transport, {
      resources,
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
      timeoutSeconds: WATCH_TIMEOUT_S,
      sleep: wallSleep,
      warn: (m) => process.stderr.write(`warning: ${m}\n`),
      now: wallEpoch,
      write: (w) => writer.add(w),
    });
  } catch (err) {
    writer.close({ complete: false });
    fs.rmSync(output, { force: true });
    throw new UsageError(`cannot record ${transport.server} (context ${context || 'none'}): ${(err as Error).message}`);
  }
  writer.flush();
  out(`kubelapse record: ${transport.server} (context ${context || 'none'}), ${opts.namespace !== undefined ? `namespace ${opts.namespace}` : 'all namespaces'}`);
  out(`recording ${resources.length - rec.unavailable.length} resources to ${output}${durationMs !== undefined ? ` for ${formatDuration(durationMs)}` : ''}`);
  const stopDrain = wallEvery(100, () => rec.drain(HOLD_MS));
  const stopFlush = wallEvery(1000, () => writer.flush());

  let viewerClose: (() => Promise<void>) | undefined;
  if (opts.viewer !== false) {
    try {
      const v = await startViewer({ dir: path.dirname(output), host: '127.0.0.1', port: viewerPort });
      viewerClose = v.close;
      out(`viewer: ${v.url}?rec=${encodeURIComponent(path.basename(output, '.db'))}  (follows the recording as it grows)`);
    } catch (err) {
      process.stderr.write(`warning: no viewer: ${(err as Error).message}\n`);
    }
  }
  out(durationMs !== undefined ? 'Ctrl-C ends the recording early.' : 'Ctrl-C ends the recording and completes it.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      cancelTimer();
      stopFlush();
      stopDrain();
      void (async () => {
        await rec.stop();
        await viewerClose?.();
        const s = writer.close({ complete: true });
        const relists = rec.relists > 0 ? `, ${rec.relists} relist${rec.relists === 1 ? '' : 's'} after 410 Gone` : '';
        out(`\nrecorded ${s.events} writes over ${formatDuration(Math.round(wallNow() - began))} into ${output} (${s.inferred} causes inferred${relists})`);
        resolve(0);
      })();
    };
    const cancelTimer = durationMs !== undefined ? wallAfter(durationMs, stop) : () => undefined;
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
