"""Drives a kubelapse live server with the official Python client (Debian's python3-kubernetes).

Usage: python-client.py HOST TOKEN CA_FILE. Prints one JSON object with what it saw;
any exception ends it with a traceback on stderr and exit 1.
"""
import json
import sys

from kubernetes import client, watch

host, token, ca = sys.argv[1:4]
conf = client.Configuration()
conf.host = host
conf.api_key = {"authorization": "Bearer " + token}
conf.ssl_ca_cert = ca
api = client.ApiClient(conf)
core = client.CoreV1Api(api)
apps = client.AppsV1Api(api)
out = {}

nodes = core.list_node()
out["nodes"] = [
    {"name": n.metadata.name, "machineID": n.status.node_info.machine_id, "bootID": n.status.node_info.boot_id,
     "systemUUID": n.status.node_info.system_uuid, "kernelVersion": n.status.node_info.kernel_version}
    for n in nodes.items
]
everywhere = core.list_pod_for_all_namespaces().items
out["podsBefore"] = len([p for p in everywhere if p.metadata.namespace == "default"])
out["systemPods"] = sorted(p.metadata.name.rsplit("-", 2)[0] for p in everywhere if p.metadata.namespace == "kube-system")

body = client.V1Deployment(
    metadata=client.V1ObjectMeta(name="py-web", labels={"app": "py-web"}),
    spec=client.V1DeploymentSpec(
        replicas=2,
        selector=client.V1LabelSelector(match_labels={"app": "py-web"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "py-web"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx:1.25")]),
        ),
    ),
)
out["created"] = apps.create_namespaced_deployment("default", body).metadata.name

# watch.Watch().stream sends watch=True: the pods coming up arrive as ADDED, then MODIFIED.
seen = []
w = watch.Watch()
for event in w.stream(core.list_namespaced_pod, "default", label_selector="app=py-web", timeout_seconds=20):
    pod = event["object"]
    ready = any(c.type == "Ready" and c.status == "True" for c in (pod.status.conditions or []))
    seen.append({"type": event["type"], "name": pod.metadata.name, "phase": pod.status.phase, "ready": ready})
    if sum(1 for e in seen if e["ready"]) >= 2 and len({e["name"] for e in seen if e["ready"]}) == 2:
        w.stop()
out["events"] = seen

dep = apps.read_namespaced_deployment("py-web", "default")
out["read"] = {"replicas": dep.spec.replicas, "strategy": dep.spec.strategy.type, "ready": dep.status.ready_replicas}
patched = apps.patch_namespaced_deployment("py-web", "default", {"spec": {"replicas": 3}})
out["patched"] = patched.spec.replicas
out["deleted"] = apps.delete_namespaced_deployment("py-web", "default").status

# The rest of the workload API: created, then read back at once (before any controller
# wrote a status: the zero counts Go always writes must be there), listed and watched.
labels = {"app": "py-agent"}
template = client.V1PodTemplateSpec(
    metadata=client.V1ObjectMeta(labels=labels),
    spec=client.V1PodSpec(containers=[client.V1Container(name="agent", image="busybox:1.36", command=["sleep", "3600"])]),
)
apps.create_namespaced_daemon_set("default", client.V1DaemonSet(
    metadata=client.V1ObjectMeta(name="py-agent"),
    spec=client.V1DaemonSetSpec(selector=client.V1LabelSelector(match_labels=labels), template=template)))
apps.create_namespaced_stateful_set("default", client.V1StatefulSet(
    metadata=client.V1ObjectMeta(name="py-db"),
    spec=client.V1StatefulSetSpec(service_name="py-db", replicas=1, selector=client.V1LabelSelector(match_labels=labels), template=template)))
batch = client.BatchV1Api(api)
batch.create_namespaced_job("default", client.V1Job(
    metadata=client.V1ObjectMeta(name="py-job"),
    spec=client.V1JobSpec(template=client.V1PodTemplateSpec(spec=client.V1PodSpec(
        restart_policy="Never", containers=[client.V1Container(name="c", image="busybox:1.36", command=["sleep", "2"])])))))
out["workloads"] = {
    "daemonsets": [d.metadata.name for d in apps.list_namespaced_daemon_set("default").items],
    "statefulsets": [s.metadata.name for s in apps.list_namespaced_stateful_set("default").items],
    "jobs": [j.metadata.name for j in batch.list_namespaced_job("default").items],
    "cronjobs": len(batch.list_namespaced_cron_job("default").items),
    "controllerrevisions": len(apps.list_namespaced_controller_revision("default").items) >= 0,
    "storageclasses": [c.metadata.name for c in client.StorageV1Api(api).list_storage_class().items],
    "priorityclasses": sorted(c.metadata.name for c in client.SchedulingV1Api(api).list_priority_class().items),
    "pvcs": len(core.list_namespaced_persistent_volume_claim("default").items),
    "pvs": len(core.list_persistent_volume().items),
}
completed = None
for event in watch.Watch().stream(batch.list_namespaced_job, "default", field_selector="metadata.name=py-job", timeout_seconds=30):
    job = event["object"]
    if any(c.type == "Complete" and c.status == "True" for c in (job.status.conditions or [])):
        completed = job.status.succeeded
        break
out["jobSucceeded"] = completed
print(json.dumps(out))
