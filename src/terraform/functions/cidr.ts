/**
 * Terraform's IP network functions (cidrhost, cidrnetmask, cidrsubnet, cidrsubnets), for IPv4 and
 * IPv6, computed on BigInt addresses as Go's net package and Terraform's cidr library do.
 */
import { fail } from './errors';

interface Prefix {
  addr: bigint;
  bits: number;
  /** 32 or 128. */
  width: number;
}

function parseIPv4(s: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    // Terraform (Go 1.17+) rejects leading zeros, which older versions read as octal
    if (m[i].length > 1 && m[i].startsWith('0')) return undefined;
    const n = Number(m[i]);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return undefined;
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 ? (halves[1] ? halves[1].split(':') : []) : [];
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - rest.length).fill('0'), ...rest] : head;
  if (groups.length !== 8 || (halves.length === 2 && head.length + rest.length > 7)) return undefined;
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) v = (v & ~0xffffffffn) | tail4;
  return v;
}

export function parsePrefix(s: string): Prefix {
  const slash = s.indexOf('/');
  if (slash === -1) return fail(`invalid CIDR address "${s}": no prefix length`);
  const ip = s.slice(0, slash);
  const lenText = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return fail(`invalid CIDR address "${s}"`);
  const bits = Number(lenText);
  const v4 = parseIPv4(ip);
  const width = v4 !== undefined ? 32 : 128;
  const addr = v4 ?? parseIPv6(ip);
  if (addr === undefined || bits > width) return fail(`invalid CIDR address "${s}"`);
  const mask = maskOf(bits, width);
  return { addr: addr & mask, bits, width };
}

function maskOf(bits: number, width: number): bigint {
  const all = (1n << BigInt(width)) - 1n;
  return bits === 0 ? 0n : (all << BigInt(width - bits)) & all;
}

export function formatAddress(addr: bigint, width: number): string {
  if (width === 32) return [24n, 16n, 8n, 0n].map((s) => String((addr >> s) & 255n)).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((addr >> BigInt(i * 16)) & 0xffffn));
  // the longest run of two or more zero groups becomes "::" (RFC 5952), as Go prints it
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best === -1) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

function asIndex(n: number, what: string): bigint {
  if (!Number.isInteger(n)) return fail(`${what} must be a whole number`);
  return BigInt(n);
}

export function cidrhost(prefix: string, hostnum: number): string {
  const p = parsePrefix(prefix);
  const hostBits = BigInt(p.width - p.bits);
  const size = 1n << hostBits;
  let h = asIndex(hostnum, 'host number');
  if (h < 0n) h += size;
  if (h < 0n || h >= size) return fail(`prefix of ${p.bits} bits cannot accommodate a host numbered ${hostnum}`);
  return formatAddress(p.addr | h, p.width);
}

export function cidrnetmask(prefix: string): string {
  const p = parsePrefix(prefix);
  if (p.width !== 32) return fail('only IPv4 networks have a netmask');
  return formatAddress(maskOf(p.bits, 32), 32);
}

export function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const p = parsePrefix(prefix);
  if (!Number.isInteger(newbits) || newbits < 0) return fail('newbits must be a whole number');
  const bits = p.bits + newbits;
  if (bits > p.width) return fail(`insufficient address space to extend prefix of ${p.bits} by ${newbits}`);
  const n = asIndex(netnum, 'network number');
  if (n < 0n || n >= 1n << BigInt(newbits)) return fail(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  return `${formatAddress(p.addr | (n << BigInt(p.width - bits)), p.width)}/${bits}`;
}

/** Consecutive subnets of the given sizes, each aligned after the one before (as Terraform allocates). */
export function cidrsubnets(prefix: string, newbits: number[]): string[] {
  const p = parsePrefix(prefix);
  const out: string[] = [];
  let next = p.addr;
  const end = p.addr + (1n << BigInt(p.width - p.bits));
  for (const nb of newbits) {
    if (!Number.isInteger(nb) || nb < 1) return fail('each newbits must be a whole number of at least 1');
    const bits = p.bits + nb;
    if (bits > p.width) return fail(`would extend prefix to ${bits} bits, which is too long for an IPv${p.width === 32 ? 4 : 6} address`);
    const size = 1n << BigInt(p.width - bits);
    // align up to the subnet size
    const start = (next + size - 1n) & ~(size - 1n);
    if (start + size > end) return fail(`not enough remaining address space for a subnet with a prefix of ${bits} bits after ${out[out.length - 1] ?? prefix}`);
    out.push(`${formatAddress(start, p.width)}/${bits}`);
    next = start + size;
  }
  return out;
}
