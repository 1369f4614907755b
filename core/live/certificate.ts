import selfsigned from 'selfsigned';

export interface ServingCertificate {
  key: string;
  cert: string;
}

/**
 * A fresh self-signed serving certificate for 127.0.0.1 and localhost, made for each
 * live session. kubectl sends bearer tokens only over TLS, so the API is HTTPS; the
 * kubeconfig carries this certificate as its certificate authority, so kubectl
 * verifies the server instead of skipping verification. EC P-256: made in
 * milliseconds, where RSA 2048 would take a noticeable moment at every start.
 */
export async function servingCertificate(notBeforeIso: string, days = 30): Promise<ServingCertificate> {
  // Real calendar dates for the X.509 validity (the session's start), not cluster time.
  const notBefore = new Date(notBeforeIso);
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'kubelapse-live' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
