/** IPv4 CIDR arithmetic, enough to derive subnets and detect overlaps at synthesis time. */

export interface Cidr {
  readonly network: number; // unsigned 32-bit
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined unless it is a well-formed, aligned network. */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o, i) => o > 255 || String(o) !== match[i + 1]) || prefix > 32) return undefined;
  const network = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((network & hostMask(prefix)) !== 0) return undefined;
  return { network, prefix };
}

export function formatCidr({ network, prefix }: Cidr): string {
  return `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join(".")}/${prefix}`;
}

/** Terraform's cidrsubnet(): the `index`-th subnet with `newBits` more prefix bits. */
export function subnet(parent: Cidr, newBits: number, index: number): Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new RangeError(`subnet ${index} of /${prefix} does not fit in ${formatCidr(parent)}`);
  }
  return { network: (parent.network + index * 2 ** (32 - prefix)) >>> 0, prefix };
}

/** The private IPv4 ranges of RFC 1918; a VPC outside them would route public addresses internally. */
export const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** Whether `cidr` lies inside one of the RFC 1918 ranges. */
export function isPrivate(cidr: Cidr): boolean {
  return RFC1918.some((range) => {
    const r = parseCidr(range)!;
    return cidr.prefix >= r.prefix && overlaps(cidr, r);
  });
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = ~hostMask(prefix) >>> 0;
  return ((a.network & mask) >>> 0) === ((b.network & mask) >>> 0);
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}
