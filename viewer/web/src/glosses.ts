/**
 * One plain line per reason, for the narration: what a newcomer needs to read a write
 * without knowing the component ("PodFailed: the kubelet saw the pod's containers gone
 * and reported it"). Reasons are the recorded `reason` column: kubelapse's own for the
 * writes it makes, upstream's for Kubernetes Event objects. A unit test
 * (test/viewer/glosses.test.ts) records every shipped scenario and fails on a reason
 * without a line here, so a new one is glossed when it first appears.
 */
export const GLOSSES: Readonly<Record<string, string>> = {
  // People and kubeadm
  Apply: 'someone ran kubectl apply: the object is created or changed to match the file',
  Create: 'someone ran kubectl create: a new object is stored',
  Delete: 'someone asked the API server to delete it; a running pod is only marked for deletion and gets its grace period',
  Scale: 'someone changed the number of replicas with kubectl scale',
  SetImage: 'someone changed the container image: the Deployment gets a new pod template and starts a rollout',
  Patch: 'someone changed some fields of the object with kubectl patch',
  Label: 'someone changed the object\'s labels with kubectl label',
  Annotate: 'someone changed the object\'s annotations with kubectl annotate',
  Cordon: 'someone marked the node unschedulable: pods already there stay, no new ones come',
  Eviction: 'a pod is evicted through the Eviction API, which asks the PodDisruptionBudget first',
  RolloutUndo: 'someone ran kubectl rollout undo: the previous pod template comes back as the newest revision',
  Bootstrap: 'the cluster is coming up: the API server and kubeadm create what every cluster starts with',
  AddonInstalled: 'kubeadm installs an addon (CoreDNS, kube-proxy) while setting up the cluster',
  MarkControlPlane: 'kubeadm labels and taints the control-plane node so ordinary pods stay off it',
  ServiceAccountCreated: 'the service-account controller gives the namespace its default ServiceAccount',
  RootCAPublished: 'the namespace gets the cluster\'s CA certificate, so its pods can trust the API server',

  // Nodes and their kubelets
  RegisteredNode: 'a kubelet registered its node with the API server: the scheduler can now place pods there',
  LeaseCreated: 'a kubelet took its node lease, the heartbeat it renews every 10 s',
  LeaseRenewed: 'a kubelet renewed its node lease: "this node is still alive" (the story lens hides these)',
  NodeStatus: 'a kubelet posted its node\'s status (conditions, capacity)',
  NodeReady: 'the kubelet reports its node Ready: it can run pods',
  NodeNotReady: 'the node controller heard no heartbeat for the grace period and marked the node not Ready',
  NodeHasSufficientMemory: 'the kubelet reports the node has enough memory again',
  NodeHasInsufficientMemory: 'the kubelet reports the node low on memory: it will evict pods to recover',
  TaintNode: 'the node controller tainted the node, so the scheduler (and, for NoExecute, eviction) keeps pods off it',
  UntaintNode: 'the node controller lifted a taint: the node takes pods again',
  KubeletRestarted: 'the kubelet came back after a restart and re-reports the pods it runs',
  GarbageCollected: 'the garbage collector deleted an object whose owner is gone',
  DeletingNode: 'the node\'s machine is gone, so its Node object is deleted',

  // A pod's life on its kubelet
  Scheduled: 'the scheduler picked a node for the pod and bound it there',
  FailedScheduling: 'the scheduler found no node that fits the pod; it stays Pending and is retried',
  PodAdmitted: 'the node\'s kubelet accepted the pod and starts creating its sandbox',
  Pulling: 'the kubelet starts pulling the container image',
  Pulled: 'the container image is on the node (pulled now, or already there)',
  Created: 'the kubelet created the container',
  Started: 'the kubelet started the container',
  ContainerStarted: 'the kubelet reports the container running (Ready too when it has no readiness probe)',
  ContainerReady: 'the readiness probe passed: the pod is Ready and Services send it traffic',
  ContainerExited: 'a container stopped; the kubelet reports its exit code',
  ContainerRestarted: 'the kubelet started the container again after it stopped (restartCount + 1)',
  Unhealthy: 'a probe failed: readiness takes the pod out of endpoints, liveness restarts the container after enough failures',
  Killing: 'the kubelet is stopping the container (runs its preStop hook, then SIGTERM)',
  BackOff: 'the container keeps failing, so the kubelet waits longer before each new try',
  CrashLoopBackOff: 'the container keeps crashing: the kubelet waits (10 s, 20 s, ... up to 5 min) before restarting it',
  ErrImagePull: 'the image cannot be pulled (wrong name or tag, or no access)',
  ImagePullBackOff: 'the image pull keeps failing, so the kubelet waits longer before trying again',
  Failed: 'the kubelet could not do what the pod needs (an image pull, a container start)',
  PodFailed: 'the kubelet saw the pod\'s containers gone and reported the pod Failed',
  SandboxChanged: 'the kubelet found the pod\'s sandbox gone: it makes a new one and restarts the containers in the same pod',
  PodTerminated: 'all of the pod\'s containers have stopped on its node',
  PodDeleted: 'the kubelet confirmed the pod stopped, so it is removed from the API server for good',
  SidecarsStopped: 'the pod\'s main containers are done, so the kubelet stops its sidecars',
  Evicted: 'the kubelet evicted the pod to free a resource the node is short of',
  PodEvicted: 'the kubelet evicted the pod to free a resource the node is short of (memory, disk)',
  DisruptionTarget: 'the pod is about to be evicted: its condition says who evicts it and why',
  TaintManagerEviction: 'the pod does not tolerate a NoExecute taint on its node, so it is deleted',
  PodGC: 'the pod garbage collector force-deleted a pod whose node no longer exists',
  MirrorPodCreated: 'the kubelet runs a static pod from a file on the node and shows it in the API as a mirror pod',
  MirrorPodDeleted: 'the mirror pod was deleted but the static pod still runs, so the kubelet makes a new mirror',
  MirrorPodStatus: 'the kubelet reports the static pod\'s status on its mirror pod',

  // Workload controllers
  NewReplicaSet: 'the Deployment\'s pod template is new, so the deployment controller creates a ReplicaSet for it',
  NewReplicaSetCreated: 'the Deployment records which ReplicaSet is its newest revision',
  FoundNewReplicaSet: 'the deployment controller found the ReplicaSet that matches the current template',
  RevisionUpdated: 'an existing ReplicaSet becomes the Deployment\'s newest revision again',
  ScalingReplicaSet: 'the deployment controller changed a ReplicaSet\'s replica count (rolling new up and old down)',
  DeploymentStatus: 'the deployment controller updated the Deployment\'s counts (replicas, updated, ready, available)',
  RolloutComplete: 'every replica runs the newest template and is available: the rollout is done',
  ProgressDeadlineExceeded: 'the rollout made no progress within progressDeadlineSeconds: the Deployment reports it stuck',
  ReplicaSetStatus: 'the ReplicaSet controller updated its counts of pods, ready and available',
  SuccessfulCreate: 'a controller created a pod because it had fewer than it wants',
  SuccessfulDelete: 'a controller deleted a pod because it had more than it wants',
  FailedCreate: 'a controller tried to create a pod and the API server refused (quota, admission)',
  Released: 'the controller let go of a pod whose labels no longer match its selector',
  RevisionCreated: 'the controller saved its new pod template as a ControllerRevision',
  RevisionRenumbered: 'an old template became current again, so its ControllerRevision gets the newest number',
  DaemonSetStatus: 'the DaemonSet controller updated its counts (desired, scheduled, ready, up-to-date)',
  StatefulSetStatus: 'the StatefulSet controller updated its counts (replicas, ready, current, updated)',
  JobStatus: 'the Job controller updated its counts (active, succeeded, failed)',
  JobComplete: 'the Job reached its completions: it is Complete',
  JobFailed: 'the Job gave up (too many failures, or its deadline): it is Failed',
  JobFailureTarget: 'the Job is about to fail; its last pods are being counted first',
  JobSuccessCriteriaMet: 'the Job has all the successes it needs; its last pods are being counted first',
  Completed: 'the Job finished',
  BackoffLimitExceeded: 'the Job\'s pods failed more often than backoffLimit allows: no more retries',
  TrackingFinalizerRemoved: 'the Job controller counted the finished pod and removed its tracking finalizer',
  CronJobStatus: 'the CronJob controller updated its active Jobs and last schedule time',
  JobAlreadyActive: 'a CronJob tick was skipped: the previous Job still runs and the policy forbids overlap',
  SawCompletedJob: 'the CronJob controller saw one of its Jobs finish',
  SuccessfulRescale: 'the horizontal pod autoscaler changed the replica count to match the load',
  HPAStatus: 'the horizontal pod autoscaler recorded its metrics and the replica count it wants',

  // Services, storage, namespaces, quota, disruption budgets
  EndpointsChanged: 'the EndpointSlice controller updated which pods back the Service (ready, serving, terminating)',
  SelectedNode: 'the scheduler chose the node for the pod, so its volume is provisioned there',
  WaitForPodScheduled: 'the claim waits for its pod to be scheduled before a volume is made for it',
  ExternalProvisioning: 'the claim waits for the storage provisioner to create a volume',
  Provisioning: 'the storage provisioner is creating a volume for the claim',
  ProvisioningSucceeded: 'the storage provisioner created the volume',
  VolumeBound: 'the PersistentVolume is bound to its claim',
  ClaimBound: 'the claim is bound to a volume: the pod that uses it can start',
  NamespaceDeletion: 'the namespace is being deleted, so the namespace controller deletes what is in it',
  NamespaceDeletionStatus: 'the namespace controller reports what is left to delete in the namespace',
  NamespaceFinalized: 'the namespace is empty, so its last finalizer is removed and it is gone',
  QuotaCharged: 'the API server counted the new object against the namespace\'s ResourceQuota',
  QuotaSynced: 'the quota controller recounted what the namespace uses',
  SufficientPods: 'the PodDisruptionBudget has enough healthy pods: evictions are allowed',
  InsufficientPods: 'the PodDisruptionBudget has too few healthy pods: evictions are refused',

  // Cluster autoscaler
  AutoscalerStatus: 'the cluster autoscaler wrote its status',
  TriggeredScaleUp: 'a pending pod made the cluster autoscaler add nodes',
  NotTriggerScaleUp: 'a pending pod could not be helped by adding a node of any group',
  ScaledUpGroup: 'the cluster autoscaler raised a node group\'s size',
  ScaleDownCandidate: 'the cluster autoscaler finds the node unneeded: its pods fit elsewhere',
  ScaleDown: 'the cluster autoscaler is removing the node: it marks it, then evicts its pods',
  ScaleDownEmpty: 'the cluster autoscaler removes an empty node',
};

/** "PodFailed: the kubelet saw ..." or undefined for a reason without a line (or none). */
export function gloss(reason: string | null | undefined): string | undefined {
  if (reason === null || reason === undefined) return undefined;
  const line = GLOSSES[reason];
  return line === undefined ? undefined : `${reason}: ${line}`;
}
