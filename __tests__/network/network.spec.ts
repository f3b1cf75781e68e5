import { Names } from "../../config/names";
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

  it("has flow logs for all traffic into a KMS-encrypted log group kept the profile's log retention", () => {
    const [[, flowLog]] = resourcesOf(json, "aws_flow_log");
    expect(flowLog.traffic_type).toBe("ALL");
    const [[, group]] = resourcesOf(json, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: `/aws/vpc/payment-flow-logs-${profile}`, retention_in_days: config.logRetentionDays });
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(flowLog.log_destination).toMatch(/aws_cloudwatch_log_group\..+\.arn/);
  });

  it("gives the flow-log role every permission the Flow Logs guide lists, in a customer-managed policy scoped to its log group", () => {
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual([]);
    const [[policyKey, policy]] = resourcesOf(json, "aws_iam_policy");
    expect(policy.name).toBe(Names.for(config).flowLogsPolicy());
    const [[, attachment]] = resourcesOf(json, "aws_iam_role_policy_attachment");
    expect(attachment.policy_arn).toBe(`\${aws_iam_policy.${policyKey}.arn}`);
    const statements = JSON.parse(policy.policy).Statement as { Action: string | string[]; Resource: string | string[] }[];
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"]);
    const deliver = statements.find((s) => [s.Action].flat().includes("logs:PutLogEvents"))!;
    expect(deliver.Resource).toEqual([expect.stringMatching(/log_group.+\.arn\}$/), expect.stringMatching(/log_group.+\.arn\}:\*$/)]);
    const list = statements.find((s) => s.Action === "logs:DescribeLogGroups")!;
    expect(list.Resource).toMatch(new RegExp(`:logs:${config.region}:.+:log-group:\\*$`));
    const [[, flowLog]] = resourcesOf(json, "aws_flow_log");
    expect(flowLog.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy_attachment\./)]);
    // The role keeps its state address from before it moved into a ManagedPolicyRole: no replacement, no flow-log gap.
    const [[roleKey]] = resourcesOf(json, "aws_iam_role");
    expect((json as { moved?: unknown }).moved).toEqual([{ from: "aws_iam_role.flow-logs_role_B4B87A12", to: `aws_iam_role.${roleKey}` }]);
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

describe.each([
  ["same account", undefined, undefined],
  ["cross-account", "111111111111", "222222222222"],
] as const)("VPC peering staging -> prod, %s", (_, stagingAccount, prodAccount) => {
  const ports = { ingressPorts: [{ name: "ledger-api", port: 8080 }], egressPorts: [{ name: "settlement", port: 9443 }] };
  const requester = network("staging", {}, (p) => ({
    ...p,
    accountId: stagingAccount,
    network: { ...p.network, peering: { role: "requester", with: "prod", peerAccountId: prodAccount, ...ports } },
  }));
  const accepter = network("prod", {}, (p) => ({
    ...p,
    accountId: prodAccount,
    network: { ...p.network, peering: { role: "accepter", with: "staging", peerAccountId: stagingAccount, ...ports } },
  }));
  const crossAccount = stagingAccount !== undefined;
  const prodPeer = crossAccount ? prodAccount : undefined;

  it("each side reads only the other's network state, without a lock, and needs no provider of the other region", () => {
    for (const [json, peer] of [[requester, "prod"], [accepter, "staging"]] as const) {
      const readers = Object.entries(json.data!.terraform_remote_state);
      expect(readers.map(([k]) => k)).toEqual([expect.stringMatching(/^peering_peer-network_/)]);
      expect(readers[0][1]).toMatchObject({ backend: "s3", config: { key: `payment/${peer}/${peer}/network.tfstate`, encrypt: true } });
      expect(readers[0][1].config.dynamodb_table).toBeUndefined();
      expect(json.provider!.aws).toHaveLength(1);
      expect(resourcesOf(json, "aws_vpc_peering_connection_options")).toEqual([]);
    }
  });

  it("the requester creates the connection to the peer's VPC and account; the accepter's own stack accepts it", () => {
    const [[, connection]] = resourcesOf(requester, "aws_vpc_peering_connection");
    expect(connection).toMatchObject({ peer_region: "us-east-1", peer_vpc_id: expect.stringContaining("outputs.vpc_id") });
    expect(connection.auto_accept).toBeUndefined();
    if (prodPeer) expect(connection.peer_owner_id).toBe(prodPeer);
    else expect(connection.peer_owner_id).toMatch(/^\$\{data\.aws_caller_identity\./);
    expect(resourcesOf(requester, "aws_vpc_peering_connection_accepter")).toEqual([]);
    const [[, accept]] = resourcesOf(accepter, "aws_vpc_peering_connection_accepter");
    expect(accept).toMatchObject({ auto_accept: true, vpc_peering_connection_id: expect.stringContaining("outputs.peering_connection_id") });
    expect(accept.provider).toBeUndefined();
    expect(Object.keys(requester.output!)).toEqual(expect.arrayContaining(["peering_connection_id", "private_zone_id", "vpc_id"]));
  });

  it("each side routes only its own private tables to the other CIDR", () => {
    const peeringRoutes = (json: TfJson) => resourcesOf(json, "aws_route").filter(([, r]) => r.vpc_peering_connection_id).map(([, r]) => r);
    expect(peeringRoutes(requester).map((r) => r.destination_cidr_block)).toEqual(["10.2.0.0/16", "10.2.0.0/16", "10.2.0.0/16"]);
    expect(peeringRoutes(accepter).map((r) => r.destination_cidr_block)).toEqual(["10.1.0.0/16", "10.1.0.0/16", "10.1.0.0/16"]);
    for (const json of [requester, accepter]) {
      for (const route of peeringRoutes(json)) expect(route.route_table_id).toMatch(/^\$\{aws_route_table\.vpc_private-rt/);
    }
    expect(peeringRoutes(accepter)[0].vpc_peering_connection_id).toMatch(/aws_vpc_peering_connection_accepter\./);
  });

  it("admits the peer CIDR on the named ports only, in the app security group", () => {
    for (const [json, cidr] of [[requester, "10.2.0.0/16"], [accepter, "10.1.0.0/16"]] as const) {
      const fromPeer = resourcesOf(json, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.cidr_ipv4 === cidr).map(([, r]) => r);
      expect(fromPeer).toEqual([expect.objectContaining({ from_port: 8080, to_port: 8080, ip_protocol: "tcp", security_group_id: expect.stringContaining("security-groups_app_") })]);
      const toPeer = resourcesOf(json, "aws_vpc_security_group_egress_rule").filter(([, r]) => r.cidr_ipv4 === cidr).map(([, r]) => r);
      expect(toPeer).toEqual([expect.objectContaining({ from_port: 9443, to_port: 9443, security_group_id: expect.stringContaining("security-groups_app_") })]);
    }
  });

  it(crossAccount ? "authorizes the peer's VPC on its zone and joins the peer's authorized zone" : "associates its own zone with the peer's VPC", () => {
    for (const [json, region] of [[requester, "us-east-1"], [accepter, "us-west-2"]] as const) {
      const [[, zone]] = resourcesOf(json, "aws_route53_zone");
      expect(zone.lifecycle).toEqual({ ignore_changes: ["vpc"] });
      const own = { zone_id: expect.stringMatching(/^\$\{aws_route53_zone\.private-zone/), vpc_id: expect.stringContaining("outputs.vpc_id"), vpc_region: region };
      expect(resourcesOf(json, crossAccount ? "aws_route53_vpc_association_authorization" : "aws_route53_zone_association").map(([, r]) => r)).toContainEqual(own);
    }
    const joins = (json: TfJson) => resourcesOf(json, "aws_route53_zone_association").filter(([, r]) => String(r.zone_id).includes("outputs.private_zone_id"));
    if (!crossAccount) {
      expect(resourcesOf(requester, "aws_route53_vpc_association_authorization")).toEqual([]);
      expect(joins(requester)).toEqual([]);
      expect(joins(accepter)).toEqual([]);
      return;
    }
    expect(joins(accepter)).toHaveLength(1);
    const [[, join]] = joins(requester);
    // Only once the accepter's state says it authorized this profile: the first apply cannot fail on it.
    expect(join.count).toMatch(/^\$\{contains\(try\(data\.terraform_remote_state\.peering_peer-network_\w+\.outputs\.private_zone_authorized_for, \[\]\), "staging"\) \? 1 : 0\}$/);
    expect(accepter.output!.private_zone_authorized_for.value).toEqual(["staging"]);
  });

  it("is absent unless configured, and in per-branch copies", () => {
    expect(resourcesOf(network("prod"), "aws_vpc_peering_connection_accepter")).toEqual([]);
    const copy = network("staging", { ENVIRONMENT_SUFFIX: "pr7" }, (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ...ports } } }));
    expect(resourcesOf(copy, "aws_vpc_peering_connection")).toEqual([]);
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
