// A local certificate authority for a cluster with no domain name: one CA (installed once on every phone)
// signs a server certificate for the addresses the phones use. Everything lives in DATA_DIR/tls; the CA's
// private key is written owner-only and never served (GET /ca.crt sends the CA certificate alone).
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import forge from 'node-forge';
import { writeFileAtomic } from '../auth/atomic-write';

export const TLS_DIR_NAME = 'tls';
export const CA_CERT_NAME = 'ca.crt';
const CA_KEY_NAME = 'ca-key.pem';
const SERVER_CERT_NAME = 'server.crt';
const SERVER_KEY_NAME = 'server-key.pem';

const CA_YEARS = 10;
/** Apple refuses TLS server certificates valid for longer than 825 days. */
const SERVER_DAYS = 825;
const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export interface TlsPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export function tlsPaths(dataDir: string): TlsPaths {
  const dir = path.join(dataDir, TLS_DIR_NAME);
  return {
    dir,
    caCert: path.join(dir, CA_CERT_NAME),
    caKey: path.join(dir, CA_KEY_NAME),
    serverCert: path.join(dir, SERVER_CERT_NAME),
    serverKey: path.join(dir, SERVER_KEY_NAME),
  };
}

/** Why a --host value cannot go into a certificate, or null. IPv4/IPv6 addresses and DNS names. */
export function hostProblem(host: string): string | null {
  if (net.isIP(host)) return null;
  if (!HOST_PATTERN.test(host)) return `"${host}" is neither an IP address nor a host name`;
  return null;
}

export interface IssueResult {
  paths: TlsPaths;
  /** False when an existing CA was reused (phones that trust it need nothing new). */
  caCreated: boolean;
  hosts: string[];
  caFingerprint: string;
  notAfter: Date;
}

/**
 * Creates the CA when there is none (or `newCa`), then a fresh server certificate for `hosts`, signed by it.
 * Keys come from node:crypto (fast, native) and are signed with node-forge.
 */
export function issueCertificates(dataDir: string, hosts: string[], options: { newCa?: boolean } = {}): IssueResult {
  if (hosts.length === 0) throw new Error('name at least one --host (the IP address or name phones will open)');
  for (const host of hosts) {
    const problem = hostProblem(host);
    if (problem) throw new Error(problem);
  }
  const paths = tlsPaths(dataDir);
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  const haveCa = fs.existsSync(paths.caCert) && fs.existsSync(paths.caKey);
  const caCreated = options.newCa === true || !haveCa;
  if (caCreated) {
    const ca = createCa();
    writeFileAtomic(paths.caKey, ca.keyPem, 0o600);
    writeFileAtomic(paths.caCert, ca.certPem, 0o644);
  }
  const caCertPem = fs.readFileSync(paths.caCert, 'utf8');
  const caKeyPem = fs.readFileSync(paths.caKey, 'utf8');
  const server = createServerCert(caCertPem, caKeyPem, hosts);
  writeFileAtomic(paths.serverKey, server.keyPem, 0o600);
  // The chain (server, then CA) so that clients that have the CA get a complete path.
  writeFileAtomic(paths.serverCert, server.certPem + caCertPem, 0o644);
  return { paths, caCreated, hosts, caFingerprint: sha256Fingerprint(caCertPem), notAfter: server.notAfter };
}

/** SHA-256 of a certificate's DER, as phones show it ("AB:CD:…"), for checking the CA on the phone. */
export function sha256Fingerprint(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256;
}

/** Base64 SHA-256 of a certificate's SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list). */
export function spkiSha256(certPem: string): string {
  const der = new crypto.X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('base64');
}

interface KeyAndCert {
  keyPem: string;
  certPem: string;
  notAfter: Date;
}

function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem };
}

/** A positive serial of 16 random bytes (the top bit cleared so it is not read as negative). */
function serialNumber(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function createCa(): KeyAndCert {
  const { privateKey, publicKey, keyPem } = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + CA_YEARS * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: `Giap Ranh Dispatch local CA ${new Date().toISOString().slice(0, 10)}` },
    { name: 'organizationName', value: 'Giap Ranh Dispatch' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert), notAfter: cert.validity.notAfter };
}

function createServerCert(caCertPem: string, caKeyPem: string, hosts: string[]): KeyAndCert {
  const caCert = forge.pki.certificateFromPem(caCertPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  const { publicKey, keyPem } = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + SERVER_DAYS * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'dispatch' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((h) => (net.isIP(h) ? { type: 7, ip: h } : { type: 2, value: h.toLowerCase() })),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert), notAfter: cert.validity.notAfter };
}
