/**
 * The cluster CA's certificate (kubeadm's /etc/kubernetes/pki/ca.crt: CN=kubernetes, a
 * CA for ten years), which kube-controller-manager gets as --root-ca-file and the
 * root-ca-cert-publisher copies into every namespace's kube-root-ca.crt ConfigMap. One
 * fixed certificate, made once for kubelapse (RSA 2048, 2025-12-30 to 2035-12-28), so
 * that recordings stay byte-identical; its private key was never kept, since nothing in
 * the simulation signs anything. Live mode serves HTTPS with its own certificate, so this
 * is not the CA in a live session's kubeconfig (docs/live.md).
 */
export const CLUSTER_CA_CERT = `
-----BEGIN CERTIFICATE-----
MIIC5zCCAc+gAwIBAgIJOW17s9XUCiZfMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV
BAMTCmt1YmVybmV0ZXMwHhcNMjUxMjMwMDAwMDAwWhcNMzUxMjI4MDAwMDAwWjAV
MRMwEQYDVQQDEwprdWJlcm5ldGVzMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB
CgKCAQEAxsTx3XcypYVtlS5kZtDNx83RKgTigRICIXkaXJV+fc1wUmPqmrufvlea
ymY6rM6pcV6amnwz5WZfnLObw411AmtLvAr5jlC1f9xGwglqBvtDr2aj5XLzrgWV
6gYqtgmlVe3LdG2wlK9BScmhGwuqKghY0yuZuAIk+JIWJVySqLlhjcEDyBmr7EtW
3nxi1qsZIUJraswMJzI224exNcKQC6wtRTWqYJ0q7+AKuwPVZUMzP/VtmDxcCTZP
Y5WvnTscGsHSz8TjNf1bBaFK20Uhtp9Ww8/xxjYRprUD+ysnP6dNn83OYuVziMbn
hJbpqgGUkaIlC0xHBw8hJNpySi0CzwIDAQABozowODAPBgNVHRMBAf8EBTADAQH/
MA4GA1UdDwEB/wQEAwICpDAVBgNVHREEDjAMggprdWJlcm5ldGVzMA0GCSqGSIb3
DQEBCwUAA4IBAQCCEK2XZhe1o48DFq74Ajm+EFHfrc0fpgIgo+4ZjAeEn8bxH4KE
7u+6nrOLkBk3FqzZWwNXzQ1nkJ5j7fsjB55Vgwtu/WtSjow3sJSfM9N8ebbxca3j
q5U802Mj/v67ah99DsX6aJJhkw3Rd6RmTzq/UdS6DD1dCoaX7KpvysEeqNjjZrH4
hbuQFJbEHygYc61nQMetAwwnadmIRmPsf1C5rUZb8SdYFbs1OHjjdXDLl9WGYcdM
IDjO8oXagt35WKKemusL5aUcFTLKUWMQEISSaYzmlfx6EvvZCcmWvHqaVJ7BVzfQ
DbsjirjeYZreeGdrzVi4JIpDB2c1ysotd5ba
-----END CERTIFICATE-----
`.trimStart();
