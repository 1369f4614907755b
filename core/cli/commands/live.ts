import fs from 'node:fs';
import path from 'node:path';
import { LiveServer } from '../../live/live-server.js';
import { writeKubeconfig } from '../../live/kubeconfig.js';
import { emptyScenario } from '../../live/empty-scenario.js';
import { portArg } from '../time-arg.js';
import { servingCertificate } from '../../live/certificate.js';
import { loadScenario } from '../../scenario/parse.js';
import { formatDuration } from '../../scenario/duration.js';
import { RunawayError } from '../../sim/virtual-scheduler.js';
import { startViewer } from '../../../viewer/server/serve.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, UsageError } from '../exit.js';
import { checkOutputFolder, outputError } from '../output-problem.js';
import { newToken, RealTimePacer } from '../live-pacer.js';
import { wallIso } from '../wall-clock.js';
import { parseSeed } from './run.js';

export interface LiveCommandOptions {
  port?: string;
  speed?: string;
  output?: string;
  kubeconfig?: string;
  seed?: string;
  viewer?: boolean;
  viewerPort?: string;
}

function parseSpeed(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new UsageError(`--speed: invalid speed "${text}" (a number above 0 and at most 1000; 1 is real time)`);
  return n;
}

/** `live-20261122-103000`: when the session began, sortable, a valid recording name. */
function defaultName(startIso: string): string {
  return `live-${startIso.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
}

/**
 * `kubelapse live [scenario]`: a simulated cluster running at wall-clock pace behind a
 * kubectl-compatible API on 127.0.0.1, every write recorded; the viewer follows along.
 * Ctrl-C (or SIGTERM) completes the recording and exits 0.
 */
export async function liveCommand(file: string | undefined, opts: LiveCommandOptions, out: (line: string) => void): Promise<number> {
  const port = portArg('--port', opts.port, 6443);
  const viewerPort = portArg('--viewer-port', opts.viewerPort, 8080);
  const speed = parseSpeed(opts.speed);
  const seed = parseSeed(opts.seed);
  const startIso = wallIso().replace(/\.\d{3}Z$/, 'Z');
  const recordingsDir = fs.existsSync('recordings') && fs.statSync('recordings').isDirectory() ? 'recordings' : '.';
  const scenario =
    file === undefined
      ? emptyScenario({ dir: recordingsDir, name: 'live', title: 'Live session', description: 'kubectl against a simulated three-node cluster, recorded as typed.' })
      : loadScenario(file);
  const output = opts.output ?? path.join(recordingsDir, `${defaultName(startIso)}.db`);
  if (!/\.db$/.test(output)) throw new UsageError(`--output: ${output}: a recording file ends in .db`);
  checkOutputFolder(output);
  if (fs.existsSync(output)) throw new UsageError(`--output: ${output} already exists; a live session never overwrites a recording`);
  const kubeconfig = path.resolve(opts.kubeconfig ?? path.join(path.dirname(output), `${path.basename(output, '.db')}.kubeconfig`));
  const host = '127.0.0.1';
  const token = newToken();

  const tls = await servingCertificate(startIso);
  const live = new LiveServer({ scenario, output, epoch: startIso, token, host, port, tls, ...(seed !== undefined ? { seed } : {}) });
  const pacer = new RealTimePacer(speed, (t) => live.advance(t), () => live.nextDue());
  try {
    await live.listen(pacer);
  } catch (err) {
    await live.close(0, false, err).catch(() => undefined);
    fs.rmSync(output, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'EADDRINUSE' ? `port ${port} on ${host} is in use: stop what holds it or pass --port` : `cannot listen on ${host}:${port}: ${(err as Error).message}`);
  }
  pacer.start();
  writeKubeconfig(kubeconfig, live.url, token, tls.cert);
  const recName = path.basename(output, '.db');
  out(`kubelapse live: ${scenario.title} at ${speed}x, API server on ${live.url}`);
  out(`recording to ${output}`);
  out(`  export KUBECONFIG=${kubeconfig}`);
  out('  kubectl get nodes');

  let viewerClose: (() => Promise<void>) | undefined;
  if (opts.viewer !== false) {
    try {
      const v = await startViewer({ dir: path.dirname(output), host, port: viewerPort });
      viewerClose = v.close;
      out(`viewer: ${v.url}?rec=${encodeURIComponent(recName)}  (follows the recording as it grows)`);
    } catch (err) {
      process.stderr.write(`warning: no viewer: ${(err as Error).message}\n`);
    }
  }
  out('Ctrl-C ends the session and completes the recording.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (complete: boolean, error?: unknown, code = complete ? 0 : EXIT_INTERNAL): void => {
      if (stopping) return;
      stopping = true;
      pacer.stop();
      const end = pacer.virtualNow();
      void (async () => {
        try {
          await viewerClose?.();
          await live.close(end, complete, error);
          for (const w of live.session.warnings()) process.stderr.write(`warning: ${w}\n`);
          const events = live.session.recorder.count;
          out(`\nrecorded ${events} events over ${formatDuration(end)} into ${output}${complete ? '' : ' (incomplete)'}`);
          resolve(code);
        } catch (e) {
          process.stderr.write(`kubelapse: could not complete the recording: ${(e as Error).message}\n`);
          resolve(EXIT_INTERNAL);
        }
      })();
    };
    process.once('SIGINT', () => stop(true));
    process.once('SIGTERM', () => stop(true));
    // A runaway simulation or a failing disk ends the session, keeping what was recorded.
    process.on('uncaughtException', (err) => {
      const disk = outputError(output, err, 'the session ends; what was recorded is kept');
      process.stderr.write(`kubelapse: ${disk?.message ?? (err instanceof RunawayError ? err.message : `internal error: ${err.stack ?? err.message}`)}\n`);
      stop(false, err, disk === undefined ? EXIT_INTERNAL : EXIT_BAD_INPUT);
    });
  });
}
