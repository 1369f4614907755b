"""Reads core/v1 Endpoints from a kubelapse live server with the official Python client.

Usage: python-endpoints.py HOST TOKEN CA_FILE NAMESPACE. Prints one JSON object with the
namespace's Endpoints as list_namespaced_endpoints and read_namespaced_endpoints see
them; any exception ends it with a traceback on stderr and exit 1.
"""
import json
import sys

from kubernetes import client

host, token, ca, namespace = sys.argv[1:5]
conf = client.Configuration()
conf.host = host
conf.api_key = {"authorization": "Bearer " + token}
conf.ssl_ca_cert = ca
core = client.CoreV1Api(client.ApiClient(conf))

listed = core.list_namespaced_endpoints(namespace)
out = {"names": sorted(e.metadata.name for e in listed.items)}
web = core.read_namespaced_endpoints("web", namespace)
out["web"] = [
    {
        "ips": sorted(a.ip for a in (s.addresses or [])),
        "targets": sorted(a.target_ref.kind for a in (s.addresses or [])),
        "ports": [[p.name, p.port, p.protocol] for p in (s.ports or [])],
    }
    for s in (web.subsets or [])
]
print(json.dumps(out))
