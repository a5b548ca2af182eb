import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from '../helpers/external-server.ts';

export interface TestCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  /** Client certificate for `clientCn`, signed by `ca`. */
  clientCert: string;
  clientKey: string;
  /** The same CN, signed by a CA the server does not trust. */
  rogueCert: string;
  rogueKey: string;
}

/** A throw-away CA, a server certificate for 127.0.0.1/localhost and client certificates, made with openssl. */
export function makeTestCertificates(dir: string, clientCn: string): TestCertificates {
  const openssl = requireBinary('openssl', 'openssl');
  const run = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  const selfSigned = (name: string, cn: string) => {
    key(name);
    run('req', '-x509', '-new', '-key', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${cn}`);
  };
  const signed = (name: string, cn: string, ca: string, ext?: string) => {
    key(name);
    run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
      '-out', `${name}.crt`, '-days', '2', ...(ext ? ['-extfile', ext] : []));
  };
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  selfSigned('ca', 'sillage test CA');
  selfSigned('rogue-ca', 'rogue CA');
  signed('server', 'sillage shore', 'ca', 'server.ext');
  signed('client', clientCn, 'ca');
  signed('rogue', clientCn, 'rogue-ca');
  const at = (f: string) => join(dir, f);
  return {
    ca: at('ca.crt'), serverCert: at('server.crt'), serverKey: at('server.key'),
    clientCert: at('client.crt'), clientKey: at('client.key'), rogueCert: at('rogue.crt'), rogueKey: at('rogue.key'),
  };
}
