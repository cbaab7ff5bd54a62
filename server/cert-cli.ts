// `npm run cert -- --host <ip-or-name> [--host …] [--new-ca]`: a local CA and a server certificate in
// DATA_DIR/tls for a cluster without a domain name, then how to start the server on HTTPS and how to
// install the CA on the phones. Re-running keeps the CA (phones stay set up) and issues a new server
// certificate, e.g. after the server's address changed.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { guideText } from './tls/install-guide';
import { issueCertificates } from './tls/local-ca';

const USAGE = `Chứng chỉ HTTPS nội bộ / local HTTPS certificates (DATA_DIR/tls)

usage: npm run cert -- --host <ip-or-name> [--host <ip-or-name> …] [--new-ca]

  --host    an address phones open (the server's LAN IP, its name); repeat for several
  --new-ca  replace the CA too (every phone must then install the new one)`;

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { host: { type: 'string', multiple: true }, 'new-ca': { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help || !values.host?.length) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const result = issueCertificates(config.dataDir, values.host, { newCa: values['new-ca'] === true });
  const relative = (file: string) => path.relative(process.cwd(), file) || file;
  const first = result.hosts[0] ?? 'localhost';
  const httpsPort = 8443;
  console.log(
    [
      result.caCreated
        ? `CA mới / new CA: ${relative(result.paths.caCert)} (khoá riêng / private key ${relative(result.paths.caKey)}, owner-only; never copy it off this server)`
        : `CA giữ nguyên / CA kept: ${relative(result.paths.caCert)} (phones that trust it need nothing new)`,
      `server certificate for ${result.hosts.join(', ')} until ${result.notAfter.toISOString().slice(0, 10)}:`,
      `  ${relative(result.paths.serverCert)}, key ${relative(result.paths.serverKey)} (owner-only)`,
      ``,
      `Chạy máy chủ trên HTTPS / start the server on HTTPS:`,
      `  TLS_CERT_FILE=${result.paths.serverCert} TLS_KEY_FILE=${result.paths.serverKey} npm start`,
      `  → https://${first}:${httpsPort} (http://${first}:8080 redirects there)`,
      ``,
      guideText(`http://${first}:8080/ca`, result.caFingerprint),
    ].join('\n'),
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(`cert: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
