import fs from 'node:fs';
import YAML from 'yaml';

/**
 * A kubeconfig for the live API server: one cluster, one user with the session's
 * bearer token, one current context, so `KUBECONFIG=... kubectl get nodes` just works.
 * The server's self-signed certificate is its certificate authority.
 * Written 0600: the token is the only thing between the API and other local users.
 */
export function writeKubeconfig(file: string, server: string, token: string, caPem: string, name = 'kubelapse'): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
  fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
