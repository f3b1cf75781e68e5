import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { albOriginPort } from "../config/derived";
import { BASE_INTERFACE_ENDPOINTS, VpcEndpoints } from "../constructs/network/endpoints";
import { VpcFlowLogs } from "../constructs/network/flow-logs";
import { PlatformSecurityGroups, type AlbIngress } from "../constructs/network/security-groups";
import { PEERING_OUTPUTS, PeeringAccepter, PeeringRequester } from "../constructs/network/peering";
import { TieredVpc } from "../constructs/network/vpc";
import type { AwsAccount } from "../constructs/iam";
import { PROFILES } from "../config/profiles";
import { backendConfig, mainEnvironment, PaymentStack, type PaymentStackProps } from "./base";
import type { NetworkOutputs } from "../constructs/contracts";

/** VPC, subnets, routing, endpoints, flow logs, every security group and the private zone. */
export class NetworkStack extends PaymentStack {
  readonly outputs: NetworkOutputs;
  readonly vpc: TieredVpc;

  constructor(scope: Construct, props: PaymentStackProps) {
    super(scope, "network", props);
    const { config, names } = this;
    const { network } = config;
    const name = (thing: string) => names.of(thing);
    const { account } = this;

    this.vpc = new TieredVpc(this, "vpc", {
      name,
      cidr: network.vpcCidr,
      availabilityZones: network.availabilityZones,
      natStrategy: network.natStrategy,
    });
    const noNat = network.natStrategy === "none";

    const securityGroups = new PlatformSecurityGroups(this, "security-groups", {
      name,
      vpcId: this.vpc.vpc.id,
      albIngress: this.albIngress(),
      albTargetPorts: distinct(config.compute.services.filter((s) => s.albPathPatterns).map((s) => s.containerPort)),
      servicePorts: distinct(config.compute.services.map((s) => s.containerPort)),
      interfaceEndpoints: noNat,
    });

    new VpcEndpoints(this, "endpoints", {
      name,
      region: config.region,
      vpcId: this.vpc.vpc.id,
      gatewayRouteTableIds: this.vpc.privateRouteTables.map((t) => t.id),
      interfaceServices: noNat ? interfaceServices(config.compute) : [],
      subnetIds: this.vpc.subnets.private.map((s) => s.id),
      securityGroupId: securityGroups.endpoints?.id,
    });

    const flowLogs = new VpcFlowLogs(this, "flow-logs", {
      account,
      region: config.region,
      vpcId: this.vpc.vpc.id,
      logGroupName: `/aws/vpc/${names.of("flow-logs")}`,
      roleName: names.flowLogsRole(),
      policyName: names.flowLogsPolicy(),
      keyAlias: names.kmsAlias("flow-logs"),
      retentionInDays: config.logRetentionDays,
    });
    // The role used to be flow-logs/role; keep it in place (a new role ARN would replace the
    // flow log and leave a gap in the logs) now that it sits in a ManagedPolicyRole.
    flowLogs.role.role.moveFromId("aws_iam_role.flow-logs_role_B4B87A12");

    const zone = new Route53Zone(this, "private-zone", {
      name: names.privateZone(),
      comment: `Private names of the ${config.suffix} payment platform`,
      vpc: [{ vpcId: this.vpc.vpc.id, vpcRegion: config.region }],
    });

    const peering = this.peering(account, zone, securityGroups.app.id);
    // Peers associate this zone with their VPC (or this stack does, with theirs): the zone's
    // inline vpc block would fight those associations on every plan.
    if (peering) zone.addOverride("lifecycle.ignore_changes", ["vpc"]);

    this.outputs = {
      vpcId: this.vpc.vpc.id,
      vpcCidr: network.vpcCidr,
      publicSubnetIds: this.vpc.subnets.public.map((s) => s.id),
      privateSubnetIds: this.vpc.subnets.private.map((s) => s.id),
      isolatedSubnetIds: this.vpc.subnets.isolated.map((s) => s.id),
      privateRouteTableIds: this.vpc.privateRouteTables.map((t) => t.id),
      securityGroupIds: {
        alb: securityGroups.alb.id,
        app: securityGroups.app.id,
        db: securityGroups.db.id,
        cache: securityGroups.cache.id,
      },
      privateZoneId: zone.zoneId,
      privateZoneName: names.privateZone(),
    };

    new TerraformOutput(this, "vpc_id", { value: this.outputs.vpcId, description: "VPC ID" });
    new TerraformOutput(this, "vpc_cidr", { value: network.vpcCidr });
    new TerraformOutput(this, "private_subnet_ids", { value: this.outputs.privateSubnetIds });
    new TerraformOutput(this, "private_route_table_ids", { value: this.outputs.privateRouteTableIds });
    new TerraformOutput(this, "private_zone_name", { value: this.outputs.privateZoneName });
    // Read by a peer's network stack to associate its VPC with this zone.
    new TerraformOutput(this, PEERING_OUTPUTS.zoneId, { value: this.outputs.privateZoneId });
  }

  /**
   * This side of a configured peering, only in a profile's main environment: a per-branch copy
   * has the profile's CIDR, and the peer accepts one connection, from the main environment.
   */
  private peering(account: AwsAccount, zone: Route53Zone, appSecurityGroupId: string): PeeringRequester | PeeringAccepter | undefined {
    const { config, names } = this;
    const peering = config.network.peering;
    if (!peering || config.suffix !== config.profile) return undefined;
    const peer = PROFILES[peering.with];
    const props = {
      name: (thing: string) => names.of(thing),
      profile: config.profile,
      vpcId: this.vpc.vpc.id,
      region: config.region,
      privateRouteTableIds: this.vpc.privateRouteTables.map((t) => t.id),
      appSecurityGroupId,
      privateZoneId: zone.zoneId,
      callerAccountId: account.accountId,
      accountId: config.accountId,
      peer: {
        profile: peer.profile,
        region: peer.region,
        vpcCidr: peer.network.vpcCidr,
        state: backendConfig(config, "network", mainEnvironment(peer.profile)),
        accountId: peering.peerAccountId ?? peer.accountId,
      },
      ingressPorts: peering.ingressPorts,
      egressPorts: peering.egressPorts,
    };
    return peering.role === "requester" ? new PeeringRequester(this, "peering", props) : new PeeringAccepter(this, "peering", props);
  }

  private albIngress(): AlbIngress {
    if (!this.config.edge.restrictAlbToCloudFront) return { kind: "internet" };
    const prefixList = new DataAwsEc2ManagedPrefixList(this, "cloudfront-origin-facing", {
      name: "com.amazonaws.global.cloudfront.origin-facing",
    });
    return { kind: "cloudfront", prefixListId: prefixList.id, port: albOriginPort(this.config) };
  }
}

function distinct(ports: number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

/** Interface endpoints the tasks need when there is no NAT. */
function interfaceServices(compute: PaymentStackProps["config"]["compute"]): string[] {
  return [
    ...BASE_INTERFACE_ENDPOINTS,
    ...(compute.xrayTracing ? ["xray"] : []),
    ...(compute.enableExecuteCommand ? ["ssmmessages"] : []),
  ];
}
