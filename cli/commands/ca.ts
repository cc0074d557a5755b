/**
 * `rws ca print` and `rws trust`: the local CA that signs `tls internal` / localhost certificates. `ca print`
 * shows the root certificate (creating the CA in storage if needed); `trust` prints how to install it in this
 * machine's trust stores. Neither ever changes a trust store.
 */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { InternalIssuer, LOCAL_CA_ROOT_KEY } from '../../runtime/tls/issuer/internal-issuer.ts';
import { defaultStorageDir } from '../../runtime/tls/storage/default-dir.ts';
import { FileStorage } from '../../runtime/tls/storage/file-storage.ts';
import { action } from '../config-file.ts';

interface StorageOption {
  storage?: string;
}

function storageDir(opts: StorageOption): string {
  return opts.storage === undefined ? defaultStorageDir() : resolve(opts.storage);
}

async function rootPem(dir: string): Promise<string> {
  const storage = new FileStorage(dir);
  try {
    return await new InternalIssuer(storage, 0).rootPem();
  } finally {
    await storage.close();
  }
}

export function caCommand(): Command {
  const ca = new Command('ca').description("rws's local certificate authority (for `tls internal` and localhost names)");
  ca.command('print')
    .description('print the local CA root certificate (PEM), creating the CA if it does not exist yet')
    .option('--storage <dir>', 'the storage folder (default: $XDG_DATA_HOME/rws or ~/.local/share/rws)')
    .option('--path', 'print the path of the root certificate file instead of its contents')
    .action(
      action(async (opts: StorageOption & { path?: boolean }) => {
        const dir = storageDir(opts);
        const pem = await rootPem(dir);
        process.stdout.write(opts.path === true ? `${join(dir, LOCAL_CA_ROOT_KEY)}\n` : pem.endsWith('\n') ? pem : `${pem}\n`);
      }),
    );
  return ca;
}

export function trustCommand(): Command {
  return new Command('trust')
    .description('show how to make this machine trust the local CA root (changes nothing itself)')
    .option('--storage <dir>', 'the storage folder (default: $XDG_DATA_HOME/rws or ~/.local/share/rws)')
    .action(
      action(async (opts: StorageOption) => {
        const dir = storageDir(opts);
        await rootPem(dir);
        const file = join(dir, LOCAL_CA_ROOT_KEY);
        process.stdout.write(
          [
            `The local CA root is ${file}. To trust it:`,
            '',
            `  Debian/Ubuntu:  sudo cp ${file} /usr/local/share/ca-certificates/rws-local-root.crt && sudo update-ca-certificates`,
            `  Fedora/RHEL:    sudo cp ${file} /etc/pki/ca-trust/source/anchors/rws-local-root.crt && sudo update-ca-trust`,
            `  macOS:          sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${file}`,
            `  Firefox/Chrome (NSS): certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n "rws local root" -i ${file}`,
            `  Node.js:        NODE_EXTRA_CA_CERTS=${file}`,
            `  curl:           curl --cacert ${file} https://localhost/`,
            '',
          ].join('\n'),
        );
      }),
    );
}
