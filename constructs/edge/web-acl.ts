import { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** AWS managed rule groups every web ACL runs, in priority order after the rate limit. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

/** Seconds the rate-based rule counts requests over. */
export const RATE_WINDOW_SECONDS = 300;

/**
 * Who the rate limit counts: the connecting address, or the first address of
 * X-Forwarded-For. Behind CloudFront every connection comes from an edge server, so counting
 * by IP would throttle whole edge locations; the forwarded address can be forged by a client,
 * so the authoritative per-client limit is the CloudFront-scope ACL's.
 */
export type RateKey = "IP" | "FORWARDED_IP";

export interface WebAclProps {
  readonly name: string;
  readonly scope: "CLOUDFRONT" | "REGIONAL";
  /** Requests per RATE_WINDOW_SECONDS per client before requests are blocked. */
  readonly rateLimit: number;
  readonly rateKey?: RateKey;
  /** us-east-1 for CLOUDFRONT scope; the stack's default provider otherwise. */
  readonly provider?: TerraformProvider;
}

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * Managed groups keep their own actions (override none). `statement` is untyped in the
 * provider bindings (too deeply nested to generate), so it is written in Terraform's snake_case.
 */
function managedGroupRule(group: string, priority: number, metricPrefix: string): Wafv2WebAclRule {
  return {
    name: group,
    priority,
    overrideAction: { none: {} },
    statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
    visibilityConfig: visibility(`${metricPrefix}-${group}`),
  };
}

function rateLimitRule(limit: number, key: RateKey, priority: number, metricPrefix: string): Wafv2WebAclRule {
  return {
    name: "RateLimitPerClient",
    priority,
    action: { block: {} },
    statement: {
      rate_based_statement: {
        limit,
        aggregate_key_type: key,
        evaluation_window_sec: RATE_WINDOW_SECONDS,
        // MATCH: a header holding no valid address is blocked rather than let past the limit.
        ...(key === "FORWARDED_IP" ? { forwarded_ip_config: { header_name: "X-Forwarded-For", fallback_behavior: "MATCH" } } : {}),
      },
    },
    visibilityConfig: visibility(`${metricPrefix}-rate-limit`),
  };
}

/** A web ACL allowing by default, with the rate limit first and then the managed groups. */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const rules = [
      rateLimitRule(props.rateLimit, props.rateKey ?? "IP", 0, props.name),
      ...MANAGED_RULE_GROUPS.map((group, i) => managedGroupRule(group, i + 1, props.name)),
    ];
    this.acl = new Wafv2WebAcl(this, "acl", {
      name: props.name,
      description: `${props.scope} web ACL: managed rule groups and a per-client rate limit`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
      provider: props.provider,
    });
    this.arn = this.acl.arn;
  }
}
