import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { subnetPlan, type SubnetTier } from "../../config/subnets";
import type { NatStrategy } from "../../config/types";

export interface TieredVpcProps {
  /** payment-<x>-<suffix> name builder for Name tags. */
  readonly name: (thing: string) => string;
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly natStrategy: NatStrategy;
}

/**
 * A VPC with three subnet tiers per AZ. Public subnets route to the internet gateway;
 * private (app) subnets reach the internet only through NAT, as the strategy allows;
 * isolated (data) subnets have no route out of the VPC at all.
 */
export class TieredVpc extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Readonly<Record<SubnetTier, readonly Subnet[]>>;
  /** One per AZ, so a NAT strategy change only replaces routes, never associations. */
  readonly privateRouteTables: readonly RouteTable[];
  readonly publicRouteTable: RouteTable;
  readonly isolatedRouteTable: RouteTable;
  readonly natGateways: readonly NatGateway[];

  constructor(scope: Construct, id: string, props: TieredVpcProps) {
    super(scope, id);
    const azs = props.availabilityZones;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name("vpc") },
    });
    const plan = subnetPlan(props.cidr, azs.length);
    const subnetsOf = (tier: SubnetTier) =>
      plan[tier].map(
        (cidrBlock, i) =>
          new Subnet(this, `${tier}-${azs[i]}`, {
            vpcId: this.vpc.id,
            cidrBlock,
            availabilityZone: azs[i],
            mapPublicIpOnLaunch: false,
            tags: { Name: props.name(`${tier}-${azs[i]}`), Tier: tier },
          }),
      );
    this.subnets = { public: subnetsOf("public"), private: subnetsOf("private"), isolated: subnetsOf("isolated") };

    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: props.name("igw") } });
    this.publicRouteTable = new RouteTable(this, "public-rt", { vpcId: this.vpc.id, tags: { Name: props.name("public") } });
    new Route(this, "public-default", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    this.associate("public", this.subnets.public, () => this.publicRouteTable);

    const natCount = { "per-az": azs.length, single: 1, none: 0 }[props.natStrategy];
    this.natGateways = azs.slice(0, natCount).map((az, i) => {
      const eip = new Eip(this, `nat-eip-${az}`, { domain: "vpc", tags: { Name: props.name(`nat-${az}`) } });
      return new NatGateway(this, `nat-${az}`, {
        allocationId: eip.id,
        subnetId: this.subnets.public[i].id,
        tags: { Name: props.name(`nat-${az}`) },
        dependsOn: [igw],
      });
    });

    this.privateRouteTables = azs.map((az, i) => {
      const table = new RouteTable(this, `private-rt-${az}`, {
        vpcId: this.vpc.id,
        tags: { Name: props.name(`private-${az}`) },
      });
      if (this.natGateways.length > 0) {
        new Route(this, `private-default-${az}`, {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: this.natGateways[Math.min(i, this.natGateways.length - 1)].id,
        });
      }
      return table;
    });
    this.associate("private", this.subnets.private, (i) => this.privateRouteTables[i]);

    this.isolatedRouteTable = new RouteTable(this, "isolated-rt", {
      vpcId: this.vpc.id,
      tags: { Name: props.name("isolated") },
    });
    this.associate("isolated", this.subnets.isolated, () => this.isolatedRouteTable);
  }

  private associate(tier: SubnetTier, subnets: readonly Subnet[], table: (i: number) => RouteTable): void {
    subnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `${tier}-rta-${i}`, { subnetId: subnet.id, routeTableId: table(i).id }),
    );
  }
}
