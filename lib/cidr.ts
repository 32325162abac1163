/**
 * A block of IP addresses in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`),
 * checked when it is made: a prefix longer than the address (`/33` in IPv4),
 * an octet above 255 or host bits set after the prefix (`10.0.0.1/8`, which
 * the API server reads as `10.0.0.0/8` without a word) throw at once.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export class Cidr {
  /** A block given in CIDR notation, IPv4 or IPv6. */
  public static of(cidr: string): Cidr {
    const match = /^([^/\s]+)\/(\d{1,3})$/.exec(cidr);
    if (!match) {
      throw new Error(`CIDR ${JSON.stringify(cidr)} is not an address and a prefix length such as "10.0.0.0/8" or "2001:db8::/32"`);
    }
    const v6 = match[1].includes(':');
    const bits = v6 ? 128 : 32;
    const address = v6 ? parseIpv6(match[1]) : parseIpv4(match[1]);
    if (address === undefined) {
      throw new Error(`CIDR "${cidr}": ${JSON.stringify(match[1])} is not a valid ${v6 ? 'IPv6' : 'IPv4'} address`);
    }
    const prefix = Number(match[2]);
    if (prefix > bits) {
      throw new Error(`CIDR "${cidr}": prefix length /${prefix} is longer than an ${v6 ? 'IPv6' : 'IPv4'} address (at most /${bits})`);
    }
    const hostBits = (address & ((1n << BigInt(bits - prefix)) - 1n));
    if (hostBits !== 0n) {
      const network = address - hostBits;
      const suggestion = `${v6 ? formatIpv6(network) : formatIpv4(network)}/${prefix}`;
      throw new Error(`CIDR "${cidr}" has host bits set after the /${prefix} prefix; write the network address "${suggestion}" (or /${bits} for this one address)`);
    }
    return new Cidr(cidr, address, prefix, v6);
  }

  /** Every IPv4 address (`0.0.0.0/0`). */
  public static anyIpv4(): Cidr {
    return Cidr.of('0.0.0.0/0');
  }

  /** One IPv4 or IPv6 address (`/32` or `/128`). */
  public static host(address: string): Cidr {
    return Cidr.of(`${address}/${address.includes(':') ? 128 : 32}`);
  }

  private constructor(
    private readonly text: string,
    private readonly address: bigint,
    /** Length of the prefix in bits. */
    public readonly prefixLength: number,
    /** Whether this is an IPv6 block. */
    public readonly ipv6: boolean,
  ) {}

  /** Whether `other` lies inside this block and is smaller: what a NetworkPolicy `except` must be. */
  public strictlyContains(other: Cidr): boolean {
    if (other.ipv6 !== this.ipv6 || other.prefixLength <= this.prefixLength) {
      return false;
    }
    const shift = BigInt((this.ipv6 ? 128 : 32) - this.prefixLength);
    return (other.address >> shift) === (this.address >> shift);
  }

  /** The block as written. */
  public toString(): string {
    return this.text;
  }
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  // Leading zeros ("010") are refused: some parsers read them as octal.
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return parts.reduce((value, part) => (value << 8n) + BigInt(part), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) {
    return undefined;
  }
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) {
    return undefined;
  }
  return all.reduce((value, group) => (value << 16n) + BigInt(parseInt(group, 16)), 0n);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join('.');
}

function formatIpv6(value: bigint): string {
  const groups = [...Array(8).keys()].map((i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}
