import { PROFILE_NAMES } from "../../config/types";
import { configFor, resourcesOf, synthFoundation, type TfJson } from "../support/synth";

const network = (profile: (typeof PROFILE_NAMES)[number], env = {}, edit?: Parameters<typeof configFor>[2]): TfJson =>
  synthFoundation(configFor(profile, env, edit)).network;

const byTier = (json: TfJson, tier: string) => resourcesOf(json, "aws_subnet").filter(([, s]) => s.tags.Tier === tier);

describe.each(PROFILE_NAMES)("network stack (%s)", (profile) => {
  const json = network(profile);
  const config = configFor(profile);

  it("has a VPC with DNS support and hostnames on the profile's CIDR", () => {
    const [[, vpc]] = resourcesOf(json, "aws_vpc");
    expect(vpc).toMatchObject({ cidr_block: config.network.vpcCidr, enable_dns_support: true, enable_dns_hostnames: true });
  });

  it("has a public, a private and an isolated subnet in each of the three AZs, none assigning public IPs", () => {
    for (const tier of ["public", "private", "isolated"]) {
      const subnets = byTier(json, tier).map(([, s]) => s);
      expect(subnets.map((s) => s.availability_zone).sort()).toEqual([...config.network.availabilityZones].sort());
      subnets.forEach((s) => expect(s.map_public_ip_on_launch).toBe(false));
    }
    expect(resourcesOf(json, "aws_subnet")).toHaveLength(9);
  });

  it("routes only the public tier to the internet gateway and never the isolated tier anywhere", () => {
    const routes = resourcesOf(json, "aws_route").map(([, r]) => r);
    const igwRoutes = routes.filter((r) => r.gateway_id);
    expect(igwRoutes).toHaveLength(1);
    expect(igwRoutes[0]).toMatchObject({ destination_cidr_block: "0.0.0.0/0", route_table_id: expect.stringMatching(/^\$\{aws_route_table\.vpc_public-rt_\w+\.id\}$/) });
    const isolatedTable = Object.keys(json.resource!.aws_route_table).find((k) => k.includes("isolated"))!;
    expect(routes.filter((r) => r.route_table_id.includes(isolatedTable))).toEqual([]);
    const isolatedAssociations = resourcesOf(json, "aws_route_table_association").filter(([, a]) => a.route_table_id.includes(isolatedTable));
    expect(isolatedAssociations).toHaveLength(3);
  });

  it("has flow logs for all traffic into a KMS-encrypted log group kept 30 days", () => {
    const [[, flowLog]] = resourcesOf(json, "aws_flow_log");
    expect(flowLog.traffic_type).toBe("ALL");
    const [[, group]] = resourcesOf(json, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: `/aws/vpc/payment-flow-logs-${profile}`, retention_in_days: 30 });
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(flowLog.log_destination).toMatch(/aws_cloudwatch_log_group\..+\.arn/);
  });

  it("scopes the flow-log role to its own log group", () => {
    const [[, policy]] = resourcesOf(json, "aws_iam_role_policy");
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Resource).toEqual([expect.stringMatching(/log_group.+\.arn\}$/), expect.stringMatching(/log_group.+\.arn\}:\*$/)]);
  });

  it("strips every rule from the default security group", () => {
    const [[, sg]] = resourcesOf(json, "aws_default_security_group");
    expect(sg).toMatchObject({ ingress: [], egress: [] });
  });

  it("allows ingress from anywhere only to the ALB, and only on 80/443", () => {
    const open = resourcesOf(json, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.cidr_ipv4 === "0.0.0.0/0" || r.cidr_ipv6 === "::/0");
    open.forEach(([, r]) => {
      expect(r.security_group_id).toContain("security-groups_alb");
      expect([80, 443]).toContain(r.from_port);
      expect(r.to_port).toBe(r.from_port);
    });
    if (config.edge.restrictAlbToCloudFront) {
      expect(open).toEqual([]);
      const cloudfront = resourcesOf(json, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.prefix_list_id);
      expect(cloudfront).toHaveLength(1);
      expect(cloudfront[0][1].from_port).toBe(config.edge.domain ? 443 : 80);
    } else {
      expect(open.map(([, r]) => r.from_port).sort()).toEqual([443, 80]);
    }
  });

  it("opens the data tier only to the app tier on the database and cache ports", () => {
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    const into = (group: string) => rules.filter((r) => r.security_group_id.includes(`security-groups_${group}_`));
    expect(into("db")).toEqual([expect.objectContaining({ from_port: 5432, to_port: 5432, referenced_security_group_id: expect.stringContaining("security-groups_app_") })]);
    expect(into("cache")).toEqual([expect.objectContaining({ from_port: 6379, referenced_security_group_id: expect.stringContaining("security-groups_app_") })]);
    expect(into("app").map((r) => r.from_port)).toEqual([8080, 8080]);
  });

  it("creates a private zone <suffix>.payment.internal attached to the VPC", () => {
    const [[, zone]] = resourcesOf(json, "aws_route53_zone");
    expect(zone.name).toBe(`${profile}.payment.internal`);
    expect(zone.vpc[0].vpc_id).toMatch(/aws_vpc\..+\.id/);
  });

  it("has an S3 gateway endpoint on the private route tables", () => {
    const gateway = resourcesOf(json, "aws_vpc_endpoint").filter(([, e]) => e.vpc_endpoint_type === "Gateway");
    expect(gateway).toHaveLength(1);
    expect(gateway[0][1].service_name).toBe(`com.amazonaws.${config.region}.s3`);
    expect(gateway[0][1].route_table_ids).toHaveLength(3);
  });

  it("puts the environment and ownership tags on the provider", () => {
    const tagged = network(profile, { REPOSITORY: "acme/payments", AUTHOR: "jdoe" });
    expect(tagged.provider!.aws[0].default_tags[0].tags).toEqual({
      Environment: profile,
      EnvironmentSuffix: profile,
      Application: "payment-platform",
      CostCenter: "payments",
      ManagedBy: "cdktf",
      Repository: "acme/payments",
      Author: "jdoe",
    });
  });
});

describe("NAT strategies", () => {
  const withNat = (natStrategy: "per-az" | "single" | "none") =>
    network("dev", {}, (p) => ({ ...p, network: { ...p.network, natStrategy } }));
  const natRoutes = (json: TfJson) => resourcesOf(json, "aws_route").filter(([, r]) => r.nat_gateway_id).map(([, r]) => r);

  it("per-az: a NAT gateway per AZ, each private table routed to its own", () => {
    const json = withNat("per-az");
    expect(resourcesOf(json, "aws_nat_gateway")).toHaveLength(3);
    expect(new Set(natRoutes(json).map((r) => r.nat_gateway_id)).size).toBe(3);
  });

  it("single: one NAT gateway shared by the three private tables", () => {
    const json = withNat("single");
    expect(resourcesOf(json, "aws_nat_gateway")).toHaveLength(1);
    expect(natRoutes(json)).toHaveLength(3);
    expect(new Set(natRoutes(json).map((r) => r.nat_gateway_id)).size).toBe(1);
  });

  it("none: no NAT, no default route from the private tier, interface endpoints for the AWS APIs the tasks use", () => {
    const json = withNat("none");
    expect(resourcesOf(json, "aws_nat_gateway")).toHaveLength(0);
    expect(natRoutes(json)).toHaveLength(0);
    const services = resourcesOf(json, "aws_vpc_endpoint")
      .filter(([, e]) => e.vpc_endpoint_type === "Interface")
      .map(([, e]) => e.service_name.replace("com.amazonaws.eu-west-1.", ""));
    expect(services).toEqual(expect.arrayContaining(["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"]));
    const endpoints = resourcesOf(json, "aws_vpc_endpoint").filter(([, e]) => e.vpc_endpoint_type === "Interface").map(([, e]) => e);
    endpoints.forEach((e) => {
      expect(e.private_dns_enabled).toBe(true);
      expect(e.security_group_ids).toEqual([expect.stringContaining("security-groups_endpoints")]);
    });
  });

  it("matches the profiles: per-az in prod, single in dev and staging", () => {
    expect(resourcesOf(network("prod"), "aws_nat_gateway")).toHaveLength(3);
    expect(resourcesOf(network("staging"), "aws_nat_gateway")).toHaveLength(1);
    expect(resourcesOf(network("dev"), "aws_nat_gateway")).toHaveLength(1);
  });
});

describe("VPC peering (network.peerWith)", () => {
  const json = network("staging", {}, (p) => ({ ...p, network: { ...p.network, peerWith: "prod" } }));

  it("reads the peer's network state without a lock", () => {
    expect(Object.keys(json.data!.terraform_remote_state)).toEqual([expect.stringMatching(/^peering_peer-network_/)]);
    const [reader] = Object.values(json.data!.terraform_remote_state);
    expect(reader).toMatchObject({ backend: "s3", config: { key: "payment/prod/prod/network.tfstate", encrypt: true } });
    expect(reader.config.dynamodb_table).toBeUndefined();
  });

  it("requests a cross-region peering accepted by a provider in the peer's region", () => {
    const [[, connection]] = resourcesOf(json, "aws_vpc_peering_connection");
    expect(connection).toMatchObject({ peer_region: "us-east-1", peer_vpc_id: expect.stringContaining("outputs.vpc_id") });
    const [[, accepter]] = resourcesOf(json, "aws_vpc_peering_connection_accepter");
    expect(accepter).toMatchObject({ auto_accept: true, provider: "aws.peer" });
    expect(json.provider!.aws.find((p) => p.alias === "peer")).toMatchObject({ region: "us-east-1" });
  });

  it("routes both sides' private route tables to the other CIDR and resolves DNS across", () => {
    const peeringRoutes = resourcesOf(json, "aws_route").filter(([, r]) => r.vpc_peering_connection_id).map(([, r]) => r);
    const ours = peeringRoutes.filter((r) => !r.provider);
    const theirs = peeringRoutes.filter((r) => r.provider === "aws.peer");
    expect(ours.map((r) => r.destination_cidr_block)).toEqual(["10.2.0.0/16", "10.2.0.0/16", "10.2.0.0/16"]);
    expect(theirs.map((r) => r.destination_cidr_block)).toEqual(["10.1.0.0/16", "10.1.0.0/16", "10.1.0.0/16"]);
    expect(theirs.map((r) => r.route_table_id)).toEqual([0, 1, 2].map((i) => expect.stringContaining(`outputs.private_route_table_ids, ${i})`)));
    const options = resourcesOf(json, "aws_vpc_peering_connection_options").map(([, o]) => o);
    expect(options).toEqual(expect.arrayContaining([
      expect.objectContaining({ requester: { allow_remote_vpc_dns_resolution: true } }),
      expect.objectContaining({ accepter: { allow_remote_vpc_dns_resolution: true }, provider: "aws.peer" }),
    ]));
    expect(options).toHaveLength(2);
  });

  it("exports what a peer reads", () => {
    expect(Object.keys(network("prod").output!)).toEqual(expect.arrayContaining(["vpc_id", "vpc_cidr", "private_route_table_ids"]));
  });

  it("is absent unless configured", () => {
    expect(resourcesOf(network("prod"), "aws_vpc_peering_connection")).toEqual([]);
  });
});

describe("app tier ports follow the service list", () => {
  const json = network("dev", {}, (p) => ({
    ...p,
    compute: { ...p.compute, services: [...p.compute.services, { ...p.compute.services[2], name: "ledger", containerPort: 9090 }] },
  }));
  const rules = (type: string) => resourcesOf(json, type).map(([, r]) => r);

  it("lets the ALB reach only the ports of ALB-fronted services", () => {
    expect(rules("aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id.includes("security-groups_alb_")).map((r) => r.from_port)).toEqual([8080]);
  });

  it("opens every service port between app tasks, and nothing else", () => {
    const appIngress = rules("aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id.includes("security-groups_app_"));
    expect(appIngress.filter((r) => r.referenced_security_group_id.includes("security-groups_app_")).map((r) => r.from_port).sort()).toEqual([8080, 9090]);
    expect(appIngress.filter((r) => r.referenced_security_group_id.includes("security-groups_alb_")).map((r) => r.from_port)).toEqual([8080]);
  });
});

describe("ALB open to the internet (edge.restrictAlbToCloudFront off)", () => {
  const json = network("staging", {}, (p) => ({ ...p, edge: { ...p.edge, restrictAlbToCloudFront: false } }));

  it("admits 80 and 443 from anywhere to the ALB and nothing else from anywhere", () => {
    const open = resourcesOf(json, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.cidr_ipv4 === "0.0.0.0/0").map(([, r]) => r);
    expect(open.map((r) => r.from_port).sort()).toEqual([443, 80]);
    open.forEach((r) => expect(r.security_group_id).toContain("security-groups_alb_"));
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.prefix_list_id)).toEqual([]);
    expect(json.data?.aws_ec2_managed_prefix_list).toBeUndefined();
  });
});
