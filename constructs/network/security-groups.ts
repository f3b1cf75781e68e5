import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

export const PORTS = { http: 80, https: 443, postgres: 5432, redis: 6379 } as const;

/** Where the ALB accepts traffic from. */
export type AlbIngress =
  /** 80 and 443 from the internet (80 only redirects to HTTPS). */
  | { readonly kind: "internet" }
  /** One port from CloudFront's origin-facing prefix list: a prefix list counts as its
   *  ~55 entries against the 60-rule quota, so a second port would not fit. */
  | { readonly kind: "cloudfront"; readonly prefixListId: string; readonly port: number };

export interface PlatformSecurityGroupsProps {
  readonly name: (thing: string) => string;
  readonly vpcId: string;
  readonly albIngress: AlbIngress;
  /** Container ports the ALB forwards to (ALB-fronted services). */
  readonly albTargetPorts: readonly number[];
  /** Container ports of all services, for service-to-service calls. */
  readonly servicePorts: readonly number[];
  /** Create the group for VPC interface endpoints (NAT strategy `none`). */
  readonly interfaceEndpoints: boolean;
}

type Peer = { readonly cidr: string } | { readonly group: SecurityGroup } | { readonly prefixList: string };

/**
 * Every security group of the platform, owned here so no stack depends on a later one.
 * Traffic flows internet/CloudFront -> alb -> app -> db/cache; each hop opens one port.
 * The VPC's default group is stripped of all rules.
 */
export class PlatformSecurityGroups extends Construct {
  readonly alb: SecurityGroup;
  readonly app: SecurityGroup;
  readonly db: SecurityGroup;
  readonly cache: SecurityGroup;
  readonly endpoints?: SecurityGroup;
  private readonly roles = new Map<SecurityGroup, string>();

  constructor(scope: Construct, id: string, private readonly props: PlatformSecurityGroupsProps) {
    super(scope, id);
    new DefaultSecurityGroup(this, "default", {
      vpcId: props.vpcId,
      ingress: [],
      egress: [],
      tags: { Name: props.name("default-locked") },
    });
    this.alb = this.group("alb", "Load balancer: HTTPS from clients, to app tasks only");
    this.app = this.group("app", "Fargate tasks: from the ALB and each other");
    this.db = this.group("db", "Aurora PostgreSQL: from app tasks only");
    this.cache = this.group("cache", "ElastiCache Redis: from app tasks only");

    const ingress = props.albIngress;
    if (ingress.kind === "internet") {
      this.ingress(this.alb, "https-internet", PORTS.https, { cidr: "0.0.0.0/0" });
      this.ingress(this.alb, "http-internet", PORTS.http, { cidr: "0.0.0.0/0" });
    } else {
      this.ingress(this.alb, "cloudfront", ingress.port, { prefixList: ingress.prefixListId });
    }
    for (const port of props.albTargetPorts) {
      this.egress(this.alb, `to-app-${port}`, port, { group: this.app });
      this.ingress(this.app, `from-alb-${port}`, port, { group: this.alb });
    }
    for (const port of props.servicePorts) {
      this.ingress(this.app, `from-app-${port}`, port, { group: this.app });
      this.egress(this.app, `to-app-${port}`, port, { group: this.app });
    }
    this.egress(this.app, "to-db", PORTS.postgres, { group: this.db });
    this.egress(this.app, "to-cache", PORTS.redis, { group: this.cache });
    // AWS APIs (ECR, Secrets Manager, SQS, logs) over HTTPS, through NAT or interface endpoints.
    this.egress(this.app, "https", PORTS.https, { cidr: "0.0.0.0/0" });

    this.ingress(this.db, "from-app", PORTS.postgres, { group: this.app });
    this.ingress(this.cache, "from-app", PORTS.redis, { group: this.app });

    if (props.interfaceEndpoints) {
      this.endpoints = this.group("endpoints", "VPC interface endpoints: HTTPS from app tasks");
      this.ingress(this.endpoints, "from-app", PORTS.https, { group: this.app });
    }
  }

  private group(role: string, description: string): SecurityGroup {
    const group = new SecurityGroup(this, role, {
      name: this.props.name(role),
      description,
      vpcId: this.props.vpcId,
      tags: { Name: this.props.name(role) },
    });
    this.roles.set(group, role);
    return group;
  }

  private ingress(group: SecurityGroup, id: string, port: number, from: Peer): void {
    new VpcSecurityGroupIngressRule(this, `${this.roles.get(group)}-in-${id}`, {
      securityGroupId: group.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: id,
      ...peer(from),
    });
  }

  private egress(group: SecurityGroup, id: string, port: number, to: Peer): void {
    new VpcSecurityGroupEgressRule(this, `${this.roles.get(group)}-out-${id}`, {
      securityGroupId: group.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: id,
      ...peer(to),
    });
  }
}

function peer(p: Peer) {
  if ("cidr" in p) return { cidrIpv4: p.cidr };
  if ("group" in p) return { referencedSecurityGroupId: p.group.id };
  return { prefixListId: p.prefixList };
}
