/** Virtual durations of the runtime's steps (defaults documented in docs/fidelity.md). */
export interface KubeletTimings {
  /** pod sandbox (pause container, network) */
  sandboxMs: number;
  /** pulling an image the node does not have */
  pullMs: number;
  /** imagePullPolicy Always with the image cached: a manifest check */
  cachedPullMs: number;
  /** until a missing image is reported as ErrImagePull */
  failedPullMs: number;
  /** create + start of one container */
  createMs: number;
  /** PLEG relist: how soon the kubelet notices a container that vanished */
  relistMs: number;
  /** the runtime stopping a process that has exited or been killed */
  stopMs: number;
}

export const DEFAULT_TIMINGS: KubeletTimings = { sandboxMs: 300, pullMs: 2000, cachedPullMs: 400, failedPullMs: 1000, createMs: 100, relistMs: 1000, stopMs: 200 };
