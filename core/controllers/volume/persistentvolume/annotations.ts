/** The annotations the binder, the scheduler and provisioners pass each other (storage helpers, v1.32). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** Set by the scheduler on a WaitForFirstConsumer claim: provision where the pod goes. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** How long the binder waits between full resyncs of every claim and volume (pvClaimBinderSyncPeriod). */
export const PV_RESYNC_PERIOD_MS = 15_000;
