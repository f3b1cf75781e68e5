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

/** The Common rule set's rule refusing bodies over 8 KB, and the label it adds when it matches. */
export const BODY_SIZE_RULE = "SizeRestrictions_BODY";
export const BODY_SIZE_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";

/** Bodies CloudFront forwards to WAF for inspection; the default is 16 KB, more costs extra. */
export const CLOUDFRONT_INSPECTION_LIMITS = [16_384, 32_768, 49_152, 65_536] as const;

/** JSON bodies of the ACL's own block responses, by key (WAF needs a Content-Type per body). */
export const RESPONSE_BODIES = {
  "rate-limited": { error: "rate_limited", message: "Too many requests from this client. Retry after the number of seconds in Retry-After." },
  "body-too-large": { error: "request_body_too_large", message: "The request body is larger than this path accepts." },
} as const;

/** Status and headers of each block the ACL itself decides; managed groups answer WAF's default 403. */
export const BLOCK_RESPONSES = {
  rateLimited: { status: 429, body: "rate-limited", headers: { "Retry-After": String(RATE_WINDOW_SECONDS) } },
  bodyTooLarge: { status: 413, body: "body-too-large", headers: {} },
} as const;

/**
 * Requests whose body may exceed the Common rule set's 8 KB (webhooks). Every other path keeps
 * the 8 KB limit, and the other rules still inspect these bodies.
 */
export interface LargeBodyPath {
  /** Starts and ends with `/`, compared with the normalized URI path. */
  readonly pathPrefix: string;
  /**
   * Largest body accepted under the prefix; CLOUDFRONT scope only, where WAF can be given the
   * whole body. An ALB's WAF sees at most 8 KB, so a REGIONAL ACL behind CloudFront leaves the
   * size of these bodies to the CloudFront ACL.
   */
  readonly maxBytes?: number;
}

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
  readonly largeBodyPath: LargeBodyPath;
  /** us-east-1 for CLOUDFRONT scope; the stack's default provider otherwise. */
  readonly provider?: TerraformProvider;
}

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

function blockWith(response: (typeof BLOCK_RESPONSES)[keyof typeof BLOCK_RESPONSES]): Wafv2WebAclRule["action"] {
  const headers = Object.entries(response.headers).map(([name, value]) => ({ name, value }));
  return {
    block: {
      customResponse: {
        responseCode: response.status,
        customResponseBodyKey: response.body,
        ...(headers.length ? { responseHeader: headers } : {}),
      },
    },
  };
}

/**
 * Managed groups keep their own actions (override none), except the Common rule set's body
 * size rule, which only counts (and labels) so the body-size rule after it decides. `statement`
 * is untyped in the provider bindings (too deeply nested to generate), so it is written in
 * Terraform's snake_case.
 */
function managedGroupRule(group: string, priority: number, metricPrefix: string): Wafv2WebAclRule {
  const overrides =
    group === "AWSManagedRulesCommonRuleSet" ? { rule_action_override: [{ name: BODY_SIZE_RULE, action_to_use: { count: {} } }] } : {};
  return {
    name: group,
    priority,
    overrideAction: { none: {} },
    statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS", ...overrides } },
    visibilityConfig: visibility(`${metricPrefix}-${group}`),
  };
}

/**
 * Blocks what SizeRestrictions_BODY labelled (a body over 8 KB) unless it is under the large-body
 * prefix and, where the ACL can see the whole body, no larger than maxBytes.
 */
function bodySizeRule(path: LargeBodyPath, priority: number, metricPrefix: string): Wafv2WebAclRule {
  const underPrefix = {
    byte_match_statement: {
      search_string: path.pathPrefix,
      positional_constraint: "STARTS_WITH",
      field_to_match: { uri_path: {} },
      // /webhook/../api/x is /api/x: the exemption follows the path the request really reaches.
      text_transformation: [{ priority: 0, type: "NORMALIZE_PATH" }],
    },
  };
  const notUnderPrefix = { not_statement: { statement: [underPrefix] } };
  const tooLarge =
    path.maxBytes === undefined
      ? undefined
      : {
          size_constraint_statement: {
            comparison_operator: "GT",
            size: path.maxBytes,
            // Beyond the inspection limit WAF cannot measure: treat it as too large.
            field_to_match: { body: { oversize_handling: "MATCH" } },
            text_transformation: [{ priority: 0, type: "NONE" }],
          },
        };
  return {
    name: "BodySizeLimit",
    priority,
    action: blockWith(BLOCK_RESPONSES.bodyTooLarge),
    statement: {
      and_statement: {
        statement: [
          { label_match_statement: { scope: "LABEL", key: BODY_SIZE_LABEL } },
          tooLarge ? { or_statement: { statement: [notUnderPrefix, tooLarge] } } : notUnderPrefix,
        ],
      },
    },
    visibilityConfig: visibility(`${metricPrefix}-body-size`),
  };
}

/** The smallest CloudFront inspection limit that holds `maxBytes`, as WAF names it (KB_16 ...). */
export function inspectionLimitFor(maxBytes: number): string {
  const limit = CLOUDFRONT_INSPECTION_LIMITS.find((l) => l >= maxBytes);
  if (limit === undefined) throw new Error(`CloudFront's WAF inspects at most ${CLOUDFRONT_INSPECTION_LIMITS.at(-1)} bytes of a body, not ${maxBytes}`);
  return `KB_${limit / 1024}`;
}

function rateLimitRule(limit: number, key: RateKey, priority: number, metricPrefix: string): Wafv2WebAclRule {
  return {
    name: "RateLimitPerClient",
    priority,
    action: blockWith(BLOCK_RESPONSES.rateLimited),
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

/**
 * A web ACL allowing by default: the rate limit first, then the managed groups, with the
 * body-size rule right after the Common rule set whose label it reads.
 */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const { maxBytes } = props.largeBodyPath;
    if (maxBytes !== undefined && props.scope !== "CLOUDFRONT") {
      throw new Error("largeBodyPath.maxBytes needs CLOUDFRONT scope: an ALB's WAF inspects at most 8 KB of a body");
    }
    // Priorities follow the array order; the body-size rule must follow the group that labels.
    const builders = [
      (priority: number) => rateLimitRule(props.rateLimit, props.rateKey ?? "IP", priority, props.name),
      ...MANAGED_RULE_GROUPS.flatMap((group) => [
        (priority: number) => managedGroupRule(group, priority, props.name),
        ...(group === "AWSManagedRulesCommonRuleSet" ? [(priority: number) => bodySizeRule(props.largeBodyPath, priority, props.name)] : []),
      ]),
    ];
    const rules = builders.map((build, priority) => build(priority));
    this.acl = new Wafv2WebAcl(this, "acl", {
      name: props.name,
      description: `${props.scope} web ACL: managed rule groups and a per-client rate limit`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: rules,
      customResponseBody: Object.entries(RESPONSE_BODIES).map(([key, body]) => ({
        key,
        content: JSON.stringify(body),
        contentType: "APPLICATION_JSON",
      })),
      associationConfig:
        maxBytes === undefined ? undefined : { requestBody: [{ cloudfront: { defaultSizeInspectionLimit: inspectionLimitFor(maxBytes) } }] },
      visibilityConfig: visibility(props.name),
      provider: props.provider,
    });
    this.arn = this.acl.arn;
  }
}
