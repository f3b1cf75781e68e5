import { TieredVpc } from "../../constructs/network/vpc";
import type { NatStrategy } from "../../config/types";
import { resourcesOf, snapshotView, synthConstruct } from "../support/synth";

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

describe("TieredVpc (synthScope)", () => {
  const synth = (natStrategy: NatStrategy) =>
    synthConstruct((scope) => {
      new TieredVpc(scope, "vpc", { name: (t) => `payment-${t}-test`, cidr: "10.9.0.0/16", availabilityZones: AZS, natStrategy });
    });
  const perAz = synth("per-az");
  const routes = (json: ReturnType<typeof synth>) => resourcesOf(json, "aws_route").map(([, r]) => r);

  it("creates three tiers of one subnet per AZ, none assigning public IPs", () => {
    const subnets = resourcesOf(perAz, "aws_subnet").map(([, s]) => s);
    expect(subnets).toHaveLength(3 * AZS.length);
    for (const tier of ["public", "private", "isolated"]) {
      expect(subnets.filter((s) => s.tags.Tier === tier).map((s) => s.availability_zone)).toEqual(AZS);
    }
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it.each([
    ["per-az", AZS.length],
    ["single", 1],
    ["none", 0],
  ] as const)("with NAT strategy %s creates %i NAT gateways", (strategy, count) => {
    const json = synth(strategy);
    expect(resourcesOf(json, "aws_nat_gateway")).toHaveLength(count);
    const privateDefaults = routes(json).filter((r) => r.nat_gateway_id);
    expect(privateDefaults).toHaveLength(count === 0 ? 0 : AZS.length);
  });

  it("gives isolated subnets no route out of the VPC", () => {
    const isolatedTable = resourcesOf(perAz, "aws_route_table").find(([, t]) => t.tags.Name === "payment-isolated-test");
    expect(isolatedTable).toBeDefined();
    const tableRef = `aws_route_table.${isolatedTable![0]}.id`;
    expect(routes(perAz).some((r) => String(r.route_table_id).includes(tableRef))).toBe(false);
  });

  it("routes only the public tier to the internet gateway", () => {
    expect(routes(perAz).filter((r) => r.gateway_id)).toHaveLength(1);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(synth("single"))).toMatchSnapshot();
  });
});
