import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/** Why an address may not receive a webhook: the classes of address a caller could turn us against. */
export type ForbiddenClass = 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'unique-local' | 'ipv4-mapped' | 'multicast' | 'reserved';

const RANGES: [ForbiddenClass, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['shared', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  // 169.254.169.254 is the cloud metadata service.
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  // An IPv4 address in IPv6 clothing (::ffff:127.0.0.1, NAT64's 64:ff9b::/96): a public receiver resolves to its IPv4 address itself.
  ['ipv4-mapped', '::ffff:0:0', 96, 'ipv6'],
  ['ipv4-mapped', '64:ff9b::', 96, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['reserved', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

// One list per class and family: a BlockList also matches an IPv4 address against IPv4-mapped IPv6 rules, and back.
const FORBIDDEN = { ipv4: new Map<ForbiddenClass, BlockList>(), ipv6: new Map<ForbiddenClass, BlockList>() };
for (const [kind, network, prefix, family] of RANGES) {
  const list = FORBIDDEN[family].get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  FORBIDDEN[family].set(kind, list);
}

/** The class of a forbidden IP address, or undefined for one on the public internet. */
export function forbiddenClassOf(address: string): ForbiddenClass | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of FORBIDDEN[family]) if (list.check(address, family)) return kind;
  return undefined;
}

/** A webhook target that may not be called, and why (no more than a class: never what the target answered). */
export class TargetRefused extends Error {
  readonly code = 'ETARGETREFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: ForbiddenClass,
  ) {
    super(host === address ? `${host} is a ${kind} address` : `${host} resolves to a ${kind} address`);
  }
}

type Resolve = (hostname: string) => Promise<LookupAddress[]>;
const resolveAll: Resolve = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/**
 * Keeps webhooks off the service's own network (issue 14): a target whose address is loopback,
 * private, link-local (the metadata service), unique-local, IPv4-mapped, multicast or reserved is
 * refused when registered and again at every connection — the address the connection uses is the
 * one checked, so a name that resolves elsewhere later (DNS rebinding) is caught there. Hosts,
 * addresses and networks in `WEBHOOK_ALLOWED_HOSTS` are let through, for receivers on premises.
 */
export class TargetGuard {
  private readonly hosts = new Set<string>();
  private readonly networks = new BlockList();

  constructor(
    allowed: readonly string[] = [],
    private readonly resolve: Resolve = resolveAll,
  ) {
    for (const entry of allowed) {
      const [network, prefix] = entry.split('/');
      if (isIP(network))
        this.networks.addSubnet(network, prefix === undefined ? (isIP(network) === 6 ? 128 : 32) : Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
      else this.hosts.add(entry.toLowerCase());
    }
  }

  /** The refusal of one resolved address of `host`, or undefined when it may be called. */
  refusal(host: string, address: string): TargetRefused | undefined {
    if (this.hosts.has(host.toLowerCase())) return undefined;
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (this.networks.check(address, family)) return undefined;
    const kind = forbiddenClassOf(address);
    return kind && new TargetRefused(host, address, kind);
  }

  /**
   * Throws `TargetRefused` when `url`'s host is, or resolves to, a forbidden address. A name that
   * does not resolve now passes: it is checked again at every connection.
   */
  async check(url: URL): Promise<void> {
    const host = hostOf(url);
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = (await this.resolve(host)).map((a) => a.address);
      } catch {
        return;
      }
    }
    for (const address of addresses) {
      const refused = this.refusal(host, address);
      if (refused) throw refused;
    }
  }

  /** A `lookup` for `http.request`: resolves as the system does, and fails the connection on a forbidden address. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const refused = addresses.map((a) => this.refusal(hostname, a.address)).find((r) => r !== undefined);
        if (refused) return callback(refused as unknown as NodeJS.ErrnoException, '', 0);
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        const first = options.family === 6 || options.family === 4 ? (addresses.find((a) => a.family === options.family) ?? addresses[0]) : addresses[0];
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** The URL's host as an address or name: IPv6 literals lose their brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');
