import { formatCidr, parseCidr, subnet } from "./cidr";

export type SubnetTier = "public" | "private" | "isolated";

/**
 * The subnet plan carved from the VPC CIDR, one subnet per tier per AZ. App subnets get
 * the bulk of the space (every Fargate task takes an IP); public and isolated subnets are
 * small. For a /16: private /19 x3 (10.x.0.0 to 10.x.95.255), public /22 x3 from 10.x.96.0,
 * isolated /22 x3 from 10.x.112.0; the rest (10.x.128.0/17) is left for growth.
 */
export function subnetPlan(vpcCidr: string, azCount: number): Readonly<Record<SubnetTier, readonly string[]>> {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`not a CIDR: ${vpcCidr}`);
  const pick = (newBits: number, first: number) =>
    Array.from({ length: azCount }, (_, az) => formatCidr(subnet(vpc, newBits, first + az)));
  return {
    private: pick(3, 0),
    public: pick(6, 24),
    isolated: pick(6, 28),
  };
}
