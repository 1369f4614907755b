import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { kindName, objectName, podName } from './commands/kind-name.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, UsageError } from './exit.js';
import { releaseRecordingHeap, useRecordingHeap } from './recording-heap.js';
import { runArguments } from './run-output.js';
/**
 * The commands that serve (the viewer's express app, live mode's simulated cluster and
 * TLS, record's Kubernetes client) load their modules when they run: together they are
 * ~1 s of module loading that every other command (`events`, `get`, `why` ...) skipped.
 */
const serveModule = () => import('./commands/serve.js');

/**
 * Every command's module loads when that command runs, never at start: main.ts used to
 * import all of them, and with them the simulator, rxjs, yaml and the importers (439
 * modules), ~1.4 s of a 2-core machine's time before `kubelapse events` read a row
 * (`--version` took 3.6 s under load, `node -e 0` 0.8 s). `events` now loads 18 modules.
 */
const reading = <M>(file: string, load: () => Promise<M>, run: (m: M) => number | Promise<number>): Promise<number> =>
  Promise.all([load(), import('./read-problem.js')]).then(([m, { readingRecordingAsync }]) => readingRecordingAsync(file, async () => run(m)));

const out = (line: string): void => {
  process.stdout.write(line + '\n');
};

/**
 * Bytes to stdout as they are (a table of 100,000 Pods is 7.5 MB: no string made of it and
 * no bytes made again from that string). True when stdout took them all, so the caller may
 * fill the same buffer again; false when they wait in its queue (a slow pipe).
 */
const outBytes = (chunk: Uint8Array): boolean => {
  process.stdout.write(chunk);
  return process.stdout.writableLength === 0;
};

/**
 * Text to stdout, resolved when stdout can take more: `get -o json` of 100,000 Pods (955
 * MB) waits for a slow pipe instead of queueing it here (ENOBUFS). A closed pipe (`| head`)
 * ends the process quietly (bin/kubelapse.js), so no wait outlives it.
 */
const outPaced = (text: string): Promise<void> | undefined =>
  process.stdout.write(text) ? undefined : new Promise((resolve) => process.stdout.once('drain', resolve));

/** The commands that simulate into a recording (recording-heap.ts). */
const RECORDING_COMMANDS = new Set(['run', 'start']);

type ExportModule = typeof import('./commands/export.js');
type RunModule = typeof import('./commands/run.js');

function program(setCode: (code: number) => void, setPending: (p: Promise<number>) => void, exportModule: ExportModule | undefined, runModule: RunModule | undefined): Command {
  const p = new Command('kubelapse')
    .description('Record every write of a simulated Kubernetes control plane, then replay it step by step.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride();

  runArguments(p.command('run').description('simulate a scenario into a recording (SQLite)'))
    .addHelpText('after', '\nMemory: a large run keeps V8\'s old generation to a 1,500 MiB budget (about 1.8 GB of RSS at\n100,000 pods); KUBELAPSE_HEAP_BUDGET=<MiB> sets another, 0 leaves V8\'s own growth (faster, up to 4x the live heap).\nExit codes: 0 ok, 1 an expectation failed, 2 bad input, 3 internal error.')
    .action((file: string, opts) => runModule === undefined ? setPending(import('./commands/run.js').then(({ runCommand }) => runCommand(file, opts, out))) : setCode(runModule.runCommand(file, opts, out)));

  p.command('verify')
    .description('recompute the hash chain of a recording and name the first bad seq')
    .argument('<recording>', 'recording file (.db)')
    .option('--json', 'print the result as JSON')
    .option('--expect <hash>', 'also require this head hash (as printed when the recording was made; 12 to 64 hex digits)')
    .addHelpText('after', '\nChecks every row against the hash chain, the seal written when the recording closed (its event\ncount and head hash: rows cut from the end show), and --expect. Exit 0 verified, 1 not, 2 bad input.')
    .action((file: string, opts) => setPending(reading(file, () => import('./commands/verify.js'), ({ verifyCommand }) => verifyCommand(file, opts, out))));

  p.command('index')
    .description('build the object index of a recording whose run was killed before its seal')
    .argument('<recording>', 'recording file (.db)')
    .addHelpText('after', '\nA run makes its object index (kind, namespace, name) when it seals the recording; one killed\nbefore (SIGKILL, the OOM killer) has none, and lookups by object scan the table. This builds it\nand folds a -wal left beside the file back into it. It never changes a row, the hash chain or\nthe seal. Exit 0 done (or already indexed), 2 refused: not a recording, read-only, open in\nanother process, or a full disk (the file is then left as it was).')
    .action((file: string) => setPending(reading(file, () => import('./commands/index-recording.js'), ({ indexCommand }) => indexCommand(file, out))));

  p.command('events')
    .description('print the timeline of a recording (time, actor, verb, object, reason, message)')
    .argument('<recording>', 'recording file (.db)')
    .option('--kind <kind>', 'only this kind (pod, deploy, Deployment, ...)')
    .option('--name <name>', 'only objects with this name')
    .option('-n, --namespace <ns>', 'only this namespace')
    .option('--actor <actor>', 'only writes by this actor (kubectl, scheduler, kubelet/node-2, ...)')
    .option('--reason <reason>', 'only this reason (SuccessfulCreate, Scheduled, ...)')
    .option('--from <time>', 'from this cluster time (e.g. 30s, 1m30s)')
    .option('--to <time>', 'up to this cluster time')
    .option('--from-seq <seq>', 'from this seq')
    .option('--to-seq <seq>', 'up to this seq')
    .option('--limit <n>', 'at most n events')
    .option('--json', 'NDJSON: one event per line, with the object')
    .action((file: string, opts) => setPending(reading(file, () => import('./commands/events.js'), ({ eventsCommand }) => eventsCommand(file, opts, out, outPaced))));

  p.command('get')
    .description('kubectl-style table of objects as they were at a moment of a recording')
    .argument('<recording>', 'recording file (.db)')
    .argument('<kind>', 'pods, deployments, rs, nodes, svc, events, ...')
    .argument('[name]', 'one object')
    .option('--at <time>', 'cluster time (default: the end of the recording)')
    .option('--seq <seq>', 'right after this event')
    .option('-n, --namespace <ns>', 'namespace (default: default)')
    .option('-A, --all-namespaces', 'every namespace')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'json', 'yaml', 'name']))
    .action((file: string, kind: string, name: string | undefined, opts) => setPending(reading(file, () => import('./commands/get.js'), ({ getCommand }) => getCommand(file, ...kindName('get', kind, name), opts, out, outBytes, outPaced))));

  p.command('describe')
    .description('kubectl describe of one object as it was at a moment of a recording (quota, limitrange)')
    .argument('<recording>', 'recording file (.db)')
    .argument('<kind>', 'quota, limitrange (or kind/name)')
    .argument('[name]', 'the object')
    .option('--at <time>', 'cluster time (default: the end of the recording)')
    .option('--seq <seq>', 'right after this event')
    .option('-n, --namespace <ns>', 'namespace (default: default)')
    .action((file: string, kind: string, name: string | undefined, opts) => setPending(reading(file, () => import('./commands/describe.js'), ({ describeCommand }) => describeCommand(file, ...objectName('describe', kind, name), opts, out))));

  p.command('why')
    .description('the causal chain of one event: the writes that led to it, and what it caused')
    .argument('<recording>', 'recording file (.db)')
    .argument('<seq>', 'the event')
    .option('--json', 'print the chain as JSON')
    .action((file: string, seq: string, opts) => setPending(reading(file, () => import('./commands/why.js'), ({ whyCommand }) => whyCommand(file, seq, opts, out))));

  p.command('history')
    .description('every recorded version of one object, with what changed at each write')
    .argument('<recording>', 'recording file (.db)')
    .argument('<kind>', 'deploy, pod, node, ... (or kind/name, as kubectl takes it)')
    .argument('[name]', 'the object')
    .option('-n, --namespace <ns>', 'namespace (default: default)')
    .option('--json', 'NDJSON: one version a line, with its changes')
    .action((file: string, kind: string, name: string | undefined, opts) => setPending(reading(file, () => import('./commands/history.js'), ({ historyCommand }) => historyCommand(file, kind, name, opts, out))));

  p.command('logs')
    .description("a pod's container log lines as they were at a moment of a recording (kubectl logs)")
    .argument('<recording>', 'recording file (.db)')
    .argument('<pod>', 'the pod (or pod/name)')
    .option('-c, --container <name>', 'the container (default: the first, as kubectl picks it)')
    .option('-n, --namespace <ns>', 'namespace (default: default)')
    .option('--at <time|seq>', 'cluster time (90s, 1m30s) or an event seq (412: right after it); default: the end')
    .option('-p, --previous', "the container's previous run (the one before a restart)")
    .option('--tail <n>', 'only the last n lines')
    .option('--timestamps', 'prefix each line with its RFC 3339 time, as kubectl logs --timestamps')
    .addHelpText('after', '\nLines come from the recording\'s logs table (schema_version 3); an older recording has none, and says so.\nSQL: SELECT time_ms, container, restart, line FROM logs WHERE pod = \'web-...\' ORDER BY id;\nExit codes: 0 ok, 2 bad input (unknown pod or container, a container with no run yet).')
    .action((file: string, pod: string, opts) => setPending(reading(file, () => import('./commands/logs.js'), ({ logsCommand }) => logsCommand(file, podName('logs', pod), opts, out, (l) => process.stderr.write(l + '\n')))));

  p.command('export')
    .description('write a recording as audit log lines, a Perfetto trace, OpenTelemetry spans, ...')
    .argument('<recording>', 'recording file (.db)')
    .requiredOption('-f, --format <format>', 'the format (below)')
    .option('-o, --output <file>', 'file to write (default: <recording name><extension> beside the recording)')
    .option('--from <time>', 'from this cluster time (e.g. 30s, 1m30s)')
    .option('--to <time>', 'up to this cluster time')
    .option('--speed <x>', 'playback speed, for formats that play (video)')
    .option('--force', 'overwrite the output if it exists')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText('after', () => `\nFormats:\n${exportModule?.formatsHelp() ?? ''}\n\nExample:\n  kubelapse export recordings/rolling-update.db --format perfetto\n  (then open recordings/rolling-update.perfetto.json in https://ui.perfetto.dev)\nExit codes: 0 ok, 2 bad input (unknown format, not a recording, bad --from, output exists).`)
    .action((file: string, opts) => setPending(
        // video and gif film the viewer: its server registers itself with the export when loaded (core/export/video-viewer.ts)
        (opts.format === 'video' || opts.format === 'gif' ? serveModule() : Promise.resolve())
          .then(() => Promise.all([exportModule ?? import('./commands/export.js'), import('./read-problem.js')]))
          .then(([{ exportCommand }, { readingRecordingAsync }]) => readingRecordingAsync(file, () => exportCommand(file, opts, out))),
      ));

  p.command('validate')
    .description('check scenario files without running them')
    .argument('<scenario...>', 'scenario YAML files')
    .action((files: string[]) => setPending(import('./commands/validate.js').then(({ validateCommand }) => validateCommand(files, out))));

  p.command('start')
    .description('record the shipped scenarios that are missing or out of date, then serve the viewer')
    .option('--dir <dir>', 'folder of scenarios and recordings', 'recordings')
    .option('--force', 'record every scenario again')
    .option('--host <host>', 'address the viewer listens on', '127.0.0.1')
    .option('--port <port>', 'port the viewer listens on', '8080')
    .option('--no-serve', 'record and list only; do not start the viewer')
    .action((opts) =>
      setPending(
        (async () => {
          const { parseServeOptions, serveViewer } = await serveModule();
          if (opts.serve !== false) parseServeOptions(opts.dir, opts);
          const { startCommand } = await import('./commands/start.js');
          const code = startCommand(opts, out);
          // Recording is over: the viewer serves under V8's own heap growth, not the last
          // factor the budget set for a simulation whose heap is gone (recording-heap.ts).
          releaseRecordingHeap();
          if (opts.serve !== false) serveViewer(opts.dir, opts, out);
          return code;
        })(),
      ),
    );

  p.command('serve')
    .description('serve the viewer over a folder of recordings (read-only; notes go to the annotations table)')
    .argument('[dir]', 'folder of recordings (*.db)', 'recordings')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .action((dir: string, opts) => setPending(serveModule().then(({ serveViewer }) => (serveViewer(dir, opts, out), 0))));

  p.command('import')
    .description("turn a real cluster's history (audit logs, a k8shark capture) into a recording")
    .argument('<inputs...>', 'audit log files (JSON lines, JSON arrays, .gz; GKE, AKS and EKS exports too) or folders of them, or one .kshrk archive')
    .option('-o, --output <file>', 'recording to write (.db)')
    .option('--keep-secrets', 'keep the values of Secrets (redacted by default: <redacted N bytes>)')
    .option('--force', 'replace the output if it exists (it must be a recording)')
    .option('-q, --quiet', 'no progress bar and no summary line')
    .addHelpText('after', [
      '',
      'Example:',
      '  kubelapse import /var/log/kubernetes/audit/ -o incident.db && kubelapse serve .',
      '',
      'Actors are named from the audit user (system:node:n1 -> kubelet/n1) or managedFields; the cause',
      'of each write is inferred and kept apart from recorded causes (docs/import.md). Failed requests',
      'become markers; unreadable lines are counted and the first few named.',
      'Exit codes: 0 ok, 2 bad input (no such file, output exists, nothing importable), 3 internal error.',
    ].join('\n'))
    .action((inputs: string[], opts) => setPending(import('./commands/import.js').then(({ importCommand }) => importCommand(inputs, opts, out))));

  p.command('live')
    .description('serve a simulated cluster to kubectl on 127.0.0.1, in real time, recording every write')
    .argument('[scenario]', 'scenario YAML to start from (default: an empty three-node cluster)')
    .option('--port <port>', 'API server port (0: any free port)', '6443')
    .option('--speed <x>', 'virtual seconds per wall second (1 is real time)', '1')
    .option('-o, --output <file>', 'recording to write (default: recordings/live-<time>.db)')
    .option('--kubeconfig <file>', 'kubeconfig to write (default: beside the recording)')
    .option('--seed <n>', "override the scenario's spec.seed")
    .option('--viewer-port <port>', 'port of the viewer that follows the recording', '8080')
    .option('--no-viewer', 'do not start the viewer')
    .addHelpText('after', '\nThen: export KUBECONFIG=<the file printed>; kubectl get nodes. Ctrl-C completes the recording.\nkubectl works with its usual flags (get/describe/create/apply/scale/set image/rollout/delete/label/annotate/patch/cordon/drain).')
    .action((file: string | undefined, opts) => {
      import('./commands/live.js').then(({ liveCommand }) => liveCommand(file, opts, out)).then(
        (code) => process.exit(code),
        (err: unknown) => void report(err).then((code) => process.exit(code)),
      );
    });

  p.command('record')
    .description('list and watch a real cluster, every change a write of a recording (the viewer follows it)')
    .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--context <name>', "kubeconfig context (default: the current one)")
    .option('-n, --namespace <ns>', 'only this namespace (cluster-scoped kinds are still recorded)')
    .option('-A, --all-namespaces', 'every namespace (the default)')
    .option('--resources <list>', 'resources to watch, comma-separated (default: pods, nodes, namespaces, workloads, services, endpointslices, events, ...)')
    .option('-o, --output <file>', 'recording to write (default: recordings/record-<time>.db)')
    .option('--duration <time>', 'stop by itself after this long (e.g. 5m, 90s)')
    .option('--keep-secrets', 'keep the data of Secrets (redacted by default)')
    .option('--viewer-port <port>', 'port of the viewer that follows the recording', '8080')
    .option('--no-viewer', 'do not start the viewer')
    .addHelpText('after', '\nExample: kubelapse record --context kind-dev -n shop --duration 10m -o incident.db\nEach ADDED/MODIFIED/DELETED is a write at the time it was received; actors come from managedFields.\nCtrl-C ends the recording and completes it. Exit codes: 0 ok, 2 bad input (unreachable cluster, bad flag).')
    .action((opts) => {
      import('./commands/record.js').then(({ recordCommand }) => recordCommand(opts, out)).then(
        (code) => process.exit(code),
        (err: unknown) => void report(err).then((code) => process.exit(code)),
      );
    });

  return p;
}

/**
 * Runs the CLI and resolves to the exit code (0 ok, 1 failed check, 2 bad input, 3 internal).
 * `export` loads its module before parsing: its --help lists the formats.
 */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  let pending: Promise<number> | undefined;
  // The commands that simulate into a recording keep V8's heap to a budget (recording-heap.ts).
  // Not `live`: its watchers' lag is the tighter target there, and its cluster small.
  if (RECORDING_COMMANDS.has(argv[0] ?? '')) {
    try {
      useRecordingHeap();
    } catch (err) {
      return report(err);
    }
  }
  const exportModule = argv[0] === 'export' ? await import('./commands/export.js') : undefined;
  // `run` simulates synchronously inside parse, as it always has (loaded first, not in a promise).
  const runModule = argv[0] === 'run' ? await import('./commands/run.js') : undefined;
  const p = program(
    (c) => {
      code = c;
    },
    (promise) => {
      pending = promise;
    },
    exportModule,
    runModule,
  );
  try {
    p.parse(argv, { from: 'user' });
  } catch (err) {
    return report(err);
  }
  return pending === undefined ? code : pending.catch(report);
}

/** True if `err` is an instance of a class named `name` (or of a subclass of one). */
function namedClass(err: unknown, name: string): boolean {
  for (let p = err === null || typeof err !== 'object' ? null : Object.getPrototypeOf(err); p !== null; p = Object.getPrototypeOf(p)) {
    if ((p as { constructor?: { name?: string } }).constructor?.name === name) return true;
  }
  return false;
}

/**
 * The error's one line and exit code. The error classes live in modules a command loaded
 * (the scenario runner, the recording, the virtual scheduler): one is imported here only
 * when the error's class has its name, and then checked with instanceof, so an error
 * never costs the modules that could not have thrown it.
 */
async function report(err: unknown): Promise<number> {
  if (err instanceof CommanderError) {
    // Help and --version are not errors; everything commander refuses is bad input.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return EXIT_BAD_INPUT;
  }
  if (namedClass(err, 'ScenarioError') && err instanceof (await import('../scenario/source.js')).ScenarioError) {
    process.stderr.write(`${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (namedClass(err, 'StepFailedError') && err instanceof (await import('../scenario/runner.js')).StepFailedError) {
    const kept = (err as InstanceType<typeof import('../scenario/runner.js').StepFailedError>).kept;
    process.stderr.write(
      kept === undefined
        ? `${err.message}\nthe events recorded before the failure are kept; the recording is marked incomplete\n`
        : `${err.message}\nthe events recorded before the failure are kept in ${kept.file}, marked incomplete; ${kept.earlier}, the earlier recording, is as it was\n`,
    );
    return EXIT_BAD_INPUT;
  }
  if (err instanceof UsageError || (namedClass(err, 'RecordingError') && err instanceof (await import('../record/recording.js')).RecordingError)) {
    process.stderr.write(`kubelapse: ${(err as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (namedClass(err, 'ApiError') && err instanceof (await import('../api/status.js')).ApiError) {
    process.stderr.write(`Error from server (${err.reason}): ${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (namedClass(err, 'RunawayError') && err instanceof (await import('../sim/virtual-scheduler.js')).RunawayError) {
    process.stderr.write(`kubelapse: ${err.message}\n`);
    return EXIT_INTERNAL;
  }
  process.stderr.write(`kubelapse: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_INTERNAL;
}
