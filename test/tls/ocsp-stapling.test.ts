import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RwsProcess, startRws, tempDir } from '../support/rws-process.ts';
import { eventually } from './support/https-client.ts';
import { freePorts } from './support/pebble.ts';

// OCSP stapling: a certificate whose AIA names an OCSP responder (here `openssl ocsp`, started by the test) gets
// its response fetched in the background and stapled to handshakes that ask for it (status_request).
let rws: RwsProcess;
let responder: ChildProcess;
let dir: string;
let httpsPort: number;

beforeAll(async () => {
  dir = tempDir();
  const [ocspPort, port] = await freePorts(2);
  httpsPort = port;
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=OCSP test CA', '-days', '2']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=ocsp.example.com']);
  writeFileSync(join(dir, 'ext'), `subjectAltName=DNS:ocsp.example.com\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:${ocspPort}\n`);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x1001', '-out', 'leaf.pem', '-days', '1', '-extfile', 'ext']);
  execFileSync('sh', ['-c', 'cat leaf.pem ca.pem > chain.pem'], { cwd: dir });
  const expiry = execFileSync('openssl', ['x509', '-in', 'leaf.pem', '-noout', '-enddate'], { cwd: dir }).toString().trim().slice('notAfter='.length);
  const asn1Time = new Date(expiry).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  writeFileSync(join(dir, 'index.txt'), `V\t${asn1Time}\t\t1001\tunknown\t/CN=ocsp.example.com\n`);
  responder = spawn('openssl', ['ocsp', '-index', 'index.txt', '-port', String(ocspPort), '-rsigner', 'ca.pem', '-rkey', 'ca.key', '-CA', 'ca.pem', '-nmin', '10'], { cwd: dir, stdio: 'ignore' });
  writeFileSync(
    join(dir, 'Rwsfile'),
    `{
	admin off
	grace_period 200ms
	default_bind 127.0.0.1
	https_port ${httpsPort}
}

ocsp.example.com {
	tls chain.pem leaf.key
	respond "stapled"
}
`,
  );
  rws = await startRws(dir);
}, 30_000);

afterAll(async () => {
  await rws?.stop();
  if (responder !== undefined && responder.exitCode === null && responder.signalCode === null) {
    const exited = new Promise((resolve) => responder.once('exit', resolve));
    responder.kill();
    await exited;
  }
});

/** The OCSP response stapled to a handshake that asks for one (empty buffer: none). */
function stapled(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let response: Buffer = Buffer.alloc(0);
    const socket = connect({ host: '127.0.0.1', port: httpsPort, servername: 'ocsp.example.com', requestOCSP: true, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => {
      socket.destroy();
      resolve(response);
    });
    socket.on('OCSPResponse', (r: Buffer | null) => {
      response = r ?? Buffer.alloc(0);
    });
    socket.on('error', reject);
  });
}

describe('OCSP stapling', () => {
  it('staples a good response from the certificate\'s responder', async () => {
    const response = await eventually(async () => {
      const r = await stapled();
      return r.length > 0 ? r : undefined;
    }, 'a stapled OCSP response');
    writeFileSync(join(dir, 'stapled.der'), response);
    const text = execFileSync('openssl', ['ocsp', '-respin', 'stapled.der', '-resp_text', '-noverify'], { cwd: dir }).toString();
    expect(text).toContain('OCSP Response Status: successful');
    expect(text).toMatch(/Serial Number: 1001\s+Cert Status: good/);
  }, 30_000);

  it('keeps serving the staple from its cache while the responder is down', async () => {
    const exited = new Promise((resolve) => responder.once('exit', resolve));
    responder.kill();
    await exited;
    expect((await stapled()).length).toBeGreaterThan(0);
  });
});
