import readline from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../config';
import { AccountError, OfficerAccounts } from '../officers/accounts';
import { AuditLog } from '../officers/audit';
import { isRole } from '../officers/roles';
import { Sessions } from '../officers/sessions';
import { openStores } from './setup';

const USAGE = `usage:
  npm run officer -- add <username> --role viewer|support|admin [--password-stdin]
  npm run officer -- disable <username>
  npm run officer -- reset <username> [--password-stdin]
  npm run officer -- list`;

/** Asks for a password without echoing it (or reads one line from stdin with --password-stdin). */
async function askPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  let muted = false;
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output: out, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      rl.question(q, (a) => {
        muted = false;
        process.stdout.write('\n');
        resolve(a);
      });
      muted = true;
    });
  const first = await ask('Password (at least 10 characters): ');
  const second = await ask('Repeat the password: ');
  rl.close();
  if (first !== second) throw new AccountError('the two passwords differ');
  return first;
}

async function main(): Promise<void> {
  const [command, username] = process.argv.slice(2).filter((a) => !a.startsWith('--') || a === '--role');
  const args = process.argv.slice(2);
  const role = args[args.indexOf('--role') + 1];
  const fromStdin = args.includes('--password-stdin');
  const cfg = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const { stores } = await openStores(cfg);
  const accounts = new OfficerAccounts(stores.records);
  const audit = new AuditLog(stores.records);
  try {
    switch (command) {
      case 'add': {
        if (!username || !role || !isRole(role)) throw new AccountError(USAGE);
        await accounts.add(username, role, await askPassword(fromStdin));
        await audit.write('cli', 'officer.add', `${username} (${role})`);
        process.stdout.write(`officer "${username}" added with role ${role}\n`);
        break;
      }
      case 'disable': {
        if (!username) throw new AccountError(USAGE);
        await accounts.disable(username);
        await new Sessions(stores.records).destroyAllFor(username);
        await audit.write('cli', 'officer.disable', username);
        process.stdout.write(`officer "${username}" disabled and signed out\n`);
        break;
      }
      case 'reset': {
        if (!username) throw new AccountError(USAGE);
        await accounts.reset(username, await askPassword(fromStdin));
        await new Sessions(stores.records).destroyAllFor(username);
        await audit.write('cli', 'officer.reset', username);
        process.stdout.write(`password of "${username}" reset; the account is enabled and its sessions ended\n`);
        break;
      }
      case 'list':
        for (const o of await accounts.list()) process.stdout.write(`${o.username}\t${o.roles.join(',')}${o.disabled ? '\tdisabled' : ''}\n`);
        break;
      default:
        throw new AccountError(USAGE);
    }
  } catch (err) {
    if (err instanceof AccountError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await stores.close();
  }
}

void main();
