/**
 * The reason a live session records for a write kubectl made, from the command kubectl
 * names in its `Kubectl-Command` header (`kubectl set image`, `kubectl rollout restart`):
 * the reason a scenario's kubectl step records for the same write (core/kubectl/*.ts), so
 * `kubelapse events` shows one REASON for one kind of write whether it was typed into a
 * live session or run by a scenario, and `--reason Scale` finds both. A write kubectl did
 * not make (no header: curl, client-go) has no reason, as before.
 *
 * kubectl sends the command path only, not its arguments or flags (upstream v1.32
 * staging/src/k8s.io/cli-runtime/pkg/genericclioptions/command_headers.go,
 * kubectlCommandHeader = "Kubectl-Command", set from cobra's CommandPath(); hooked in by
 * staging/src/k8s.io/kubectl/pkg/cmd/cmd.go addCmdHeaderHooks): `kubectl create
 * deployment web --image=nginx` -> `kubectl create deployment`.
 */
export function kubectlReason(command: string | undefined, subresource: string | undefined): string | null {
  if (command === undefined) return null;
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'kubectl' || words.length < 2) return null;
  const verb = words[1] as string;
  // kubectl drain cordons the node, then evicts its pods: a scenario's drain records
  // Cordon and Eviction (node-commands.ts).
  if (verb === 'drain') return subresource === 'eviction' ? 'Eviction' : 'Cordon';
  // Every `kubectl create <what>` (deployment, namespace, job, -f) is Create in a scenario.
  if (verb === 'create') return 'Create';
  // `set image` -> SetImage, `rollout restart` -> RolloutRestart; `scale`, `apply`, `delete`,
  // `label`, `annotate`, `patch`, `cordon`: the verb capitalised.
  const parts = verb === 'set' || verb === 'rollout' ? words.slice(1, 3) : [verb];
  return parts.map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`).join('');
}
