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
print(json.dumps(out))
