import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";

/** AWS APIs the tasks call; with no NAT they are reachable only through these endpoints. */
export const BASE_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts", "sqs", "monitoring"] as const;

export interface VpcEndpointsProps {
  readonly name: (thing: string) => string;
  readonly region: string;
  readonly vpcId: string;
  /** Route tables that get the S3 gateway endpoint (ECR image layers live in S3). */
  readonly gatewayRouteTableIds: readonly string[];
  /** Interface endpoint services; empty when NAT provides the way out. */
  readonly interfaceServices: readonly string[];
  readonly subnetIds: readonly string[];
  readonly securityGroupId?: string;
}

/** The S3 gateway endpoint (free, every strategy) and, where asked, interface endpoints. */
export class VpcEndpoints extends Construct {
  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    new VpcEndpoint(this, "s3", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.gatewayRouteTableIds],
      tags: { Name: props.name("s3") },
    });
    for (const service of props.interfaceServices) {
      new VpcEndpoint(this, service.replace(/\./g, "-"), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: props.securityGroupId ? [props.securityGroupId] : undefined,
        tags: { Name: props.name(service.replace(/\./g, "-")) },
      });
    }
  }
}
