import { sign } from 'jsonwebtoken';
import { ROLES } from '@app/domain';
import { loadConfig } from '@app/platform';

/** npm run token -- --sub u1 --roles supervisor[,hr] [--team t1] [--expires 8h] */
function parse(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`unexpected argument: ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

const args = parse(process.argv.slice(2));
if (!args.sub || !args.roles) {
  console.error('usage: npm run token -- --sub <id> --roles <role[,role]> [--team <teamId>] [--expires 8h]');
  process.exit(2);
}
const roles = args.roles.split(',');
const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
if (unknown.length) {
  console.error(`unknown role(s): ${unknown.join(', ')}; known: ${ROLES.join(', ')}`);
  process.exit(2);
}
const { jwtSecret } = loadConfig();
const claims = { sub: args.sub, roles, ...(args.team ? { team: args.team } : {}) };
process.stdout.write(`${sign(claims, jwtSecret, { algorithm: 'HS256', expiresIn: (args.expires ?? '8h') as never })}\n`);
