import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

/** Where an alias record points: a CloudFront distribution or a load balancer. */
export interface AliasTarget {
  readonly dnsName: string;
  readonly zoneId: string;
  /** Route53 can only health-check load balancers; CloudFront aliases must say false. */
  readonly evaluateTargetHealth: boolean;
}

export interface PublicDnsProps {
  readonly zoneId: string;
  readonly appDomain: string;
  readonly distribution: AliasTarget;
  readonly apiDomain: string;
  readonly alb: AliasTarget;
}

/**
 * The public names: the app (IPv4 and IPv6) on CloudFront and the API on the ALB. The API
 * name exists for CloudFront, which reaches its origin through it so the ALB certificate
 * matches; clients going there directly are refused by the security group and the
 * origin-secret rule.
 */
export class PublicDns extends Construct {
  readonly records: Route53Record[];

  constructor(scope: Construct, id: string, props: PublicDnsProps) {
    super(scope, id);
    const entries: [string, string, "A" | "AAAA", AliasTarget][] = [
      ["app-a", props.appDomain, "A", props.distribution],
      ["app-aaaa", props.appDomain, "AAAA", props.distribution],
      ["api-a", props.apiDomain, "A", props.alb],
    ];
    this.records = entries.map(
      ([recordId, name, type, target]) =>
        new Route53Record(this, recordId, {
          zoneId: props.zoneId,
          name,
          type,
          alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: target.evaluateTargetHealth },
        }),
    );
  }
}
