import type { PatchType } from '../api/patch.js';

export type Cascade = 'Background' | 'Foreground' | 'Orphan';

/** A parsed kubectl invocation, checked before the scenario runs. */
export type KubectlCommand =
  | { verb: 'create-deployment'; namespace?: string; name: string; images: string[]; replicas: number; port?: number }
  | { verb: 'create-namespace'; namespace?: string; name: string }
  | { verb: 'create-job'; namespace?: string; name: string; image?: string; command: string[]; fromCronJob?: string }
  | { verb: 'create-cronjob'; namespace?: string; name: string; image: string; schedule: string; restart: string; command: string[] }
  | { verb: 'create'; namespace?: string; files: string[] }
  | { verb: 'apply'; namespace?: string; files: string[]; serverSide: boolean; forceConflicts: boolean; fieldManager?: string }
  | { verb: 'scale'; namespace?: string; targets: Array<{ kind: string; name: string }>; replicas: number }
  | { verb: 'set-image'; namespace?: string; kind: string; name: string; images: Array<[string, string]> }
  | {
      verb: 'delete';
      namespace?: string;
      kind: string;
      names: string[];
      selector?: string;
      all: boolean;
      gracePeriod?: number;
      force: boolean;
      cascade: Cascade;
    }
  | {
      verb: 'label' | 'annotate';
      namespace?: string;
      kind: string;
      names: string[];
      set: Array<[string, string]>;
      remove: string[];
      overwrite: boolean;
    }
  | { verb: 'rollout'; namespace?: string; kind: 'Deployment' | 'DaemonSet' | 'StatefulSet'; action: 'undo' | 'restart' | 'pause' | 'resume' | 'status' | 'history'; name: string; toRevision: number }
  | { verb: 'cordon' | 'uncordon'; namespace?: string; node: string }
  | { verb: 'drain'; namespace?: string; node: string; force: boolean; ignoreDaemonsets: boolean; gracePeriod?: number }
  | { verb: 'patch'; namespace?: string; kind: string; name: string; patch: unknown; type: PatchType; subresource?: 'status' | 'scale' };

export class KubectlError extends Error {
  override name = 'KubectlError';
}
