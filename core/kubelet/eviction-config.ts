/**
 * The kubelet's eviction settings, named as KubeletConfiguration names them. Defaults are
 * v1.32's (pkg/kubelet/apis/config/v1beta1 defaults): evictionHard memory.available<100Mi,
 * nodefs.available<10%, imagefs.available<15%, nodefs.inodesFree<5%; no soft thresholds;
 * evictionPressureTransitionPeriod 5m; evictionMaxPodGracePeriod 0; and a kubeadm node
 * reserves nothing (systemReserved and kubeReserved empty). Only memory is modeled.
 */
export interface EvictionConfig {
  /** evictionHard["memory.available"], bytes */
  hardMemoryBytes: number;
  /** evictionHard["nodefs.available"], a fraction of capacity (allocatable ephemeral-storage) */
  hardNodefsFraction: number;
  /** evictionSoft["memory.available"] with its evictionSoftGracePeriod */
  soft: { memoryBytes: number; gracePeriodMs: number } | undefined;
  /** evictionPressureTransitionPeriod: how long a pressure condition stays after the last breach */
  pressureTransitionMs: number;
  /** evictionMaxPodGracePeriod, seconds: the most a soft eviction grants a pod */
  maxPodGracePeriodSeconds: number;
  /** evictionMonitoringPeriod: the eviction manager's synchronize loop (housekeeping, 10 s) */
  monitoringPeriodMs: number;
}

export const MEMORY_PRESSURE_TAINT = 'node.kubernetes.io/memory-pressure';

export const DEFAULT_EVICTION: EvictionConfig = {
  hardMemoryBytes: 100 * 2 ** 20,
  hardNodefsFraction: 0.1,
  soft: undefined,
  pressureTransitionMs: 5 * 60_000,
  maxPodGracePeriodSeconds: 0,
  monitoringPeriodMs: 10_000,
};
