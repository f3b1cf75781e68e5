import { Testing } from "cdktf";
import { PeeringAccepter, PeeringRequester, type PeeringSideProps } from "../../constructs/network/peering";
import { resourcesOf, type TfJson } from "../support/synth";

const side = (accountId?: string, peerAccountId?: string): PeeringSideProps => ({
  name: (thing) => `payment-${thing}-staging`,
  profile: "staging",
  vpcId: "vpc-own",
  region: "us-west-2",
  privateRouteTableIds: ["rt-a", "rt-b"],
  appSecurityGroupId: "sg-app",
  privateZoneId: "Z-OWN",
  callerAccountId: "111111111111",
  accountId,
  peer: { profile: "prod", region: "us-east-1", vpcCidr: "10.2.0.0/16", state: { bucket: "state", key: "payment/prod/network.tfstate", region: "us-east-1" }, accountId: peerAccountId },
  ingressPorts: [{ name: "ledger-api", port: 8080 }],
  egressPorts: [],
});
const synth = (build: (scope: Parameters<Parameters<typeof Testing.synthScope>[0]>[0]) => void): TfJson => JSON.parse(Testing.synthScope(build));

describe("PeeringRequester", () => {
  const same = synth((scope) => void new PeeringRequester(scope, "p", side()));
  const cross = synth((scope) => void new PeeringRequester(scope, "p", side("111111111111", "222222222222")));

  it("requests from the caller's account to the peer's, routes its own tables, and shares its zone", () => {
    expect(resourcesOf(same, "aws_vpc_peering_connection")[0][1]).toMatchObject({ vpc_id: "vpc-own", peer_owner_id: "111111111111", peer_region: "us-east-1" });
    expect(resourcesOf(cross, "aws_vpc_peering_connection")[0][1].peer_owner_id).toBe("222222222222");
    expect(resourcesOf(same, "aws_route").map(([, r]) => r.route_table_id)).toEqual(["rt-a", "rt-b"]);
    expect(resourcesOf(same, "aws_vpc_security_group_egress_rule")).toEqual([]);
    expect(resourcesOf(same, "aws_route53_zone_association").map(([, a]) => a.zone_id)).toEqual(["Z-OWN"]);
    expect(resourcesOf(cross, "aws_route53_vpc_association_authorization").map(([, a]) => a.zone_id)).toEqual(["Z-OWN"]);
    expect(same).toMatchSnapshot();
  });
});

describe("PeeringAccepter", () => {
  const cross = synth((scope) => void new PeeringAccepter(scope, "p", side("111111111111", "222222222222")));

  it("accepts in its own account and region, and joins the requester's authorized zone", () => {
    expect(resourcesOf(cross, "aws_vpc_peering_connection")).toEqual([]);
    const [[, accepter]] = resourcesOf(cross, "aws_vpc_peering_connection_accepter");
    expect(accepter).toMatchObject({ auto_accept: true });
    expect(accepter.provider).toBeUndefined();
    const joins = resourcesOf(cross, "aws_route53_zone_association").map(([, a]) => a);
    expect(joins).toEqual([expect.objectContaining({ vpc_id: "vpc-own", vpc_region: "us-west-2", zone_id: expect.stringContaining("outputs.private_zone_id") })]);
    expect(cross.output?.private_zone_authorized_for.value).toEqual(["prod"]);
  });
});
