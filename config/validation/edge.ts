import { ConfigError } from "../errors";
import { albRoutes } from "../routing";
import { PRICE_CLASSES, type EnvironmentConfig } from "../types";
import { isKnownRegion } from "../regions";
import { regionAllowed } from "./environment";
import { DNS_NAME, intInRange, isBoolean, matches, oneOf } from "./rules";

/** The Common rule set refuses bodies above 8 KB; CloudFront's WAF inspects at most 64 KB. */
export const WEBHOOK_BODY_MIN_BYTES = 8_192;
export const WEBHOOK_BODY_MAX_BYTES = 65_536;

/**
 * CloudFront's default quota of cache behaviors per distribution is 75; one is the default
 * (bucket) behavior, counted here in case the quota includes it.
 */
export const CLOUDFRONT_MAX_BEHAVIORS = 74;

/** WAF rate-based statements accept 10 to 2,000,000,000 requests per evaluation window. */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

export function validateEdge(config: EnvironmentConfig): void {
  const edge = config.edge;
  oneOf("edge.priceClass", edge.priceClass, PRICE_CLASSES);
  intInRange("edge.wafRateLimit", edge.wafRateLimit, WAF_RATE_LIMIT_MIN, WAF_RATE_LIMIT_MAX);
  isBoolean("edge.restrictAlbToCloudFront", edge.restrictAlbToCloudFront);
  validateWebhookBody(config);
  const routes = albRoutes(config.compute.services);
  if (routes.length > CLOUDFRONT_MAX_BEHAVIORS) {
    throw new ConfigError(
      "compute.services[].albPathPatterns",
      routes.length,
      `must total at most ${CLOUDFRONT_MAX_BEHAVIORS} patterns: each is a CloudFront cache behavior, besides the default one (raise the quota first)`,
    );
  }
  const replica = edge.frontendReplicaRegion;
  if (replica !== undefined) {
    if (!isKnownRegion(replica)) throw new ConfigError("edge.frontendReplicaRegion", replica, regionAllowed());
    if (replica === config.region) {
      throw new ConfigError("edge.frontendReplicaRegion", replica, `must differ from the profile's region ${config.region}`);
    }
  }
  const domain = edge.domain;
  if (domain) {
    const dns = "must be a lowercase DNS name such as app.example.com";
    matches("edge.domain.hostedZone", domain.hostedZone, DNS_NAME, dns);
    for (const key of ["appDomain", "apiDomain"] as const) {
      matches(`edge.domain.${key}`, domain[key], DNS_NAME, dns);
      if (domain[key] !== domain.hostedZone && !domain[key].endsWith(`.${domain.hostedZone}`)) {
        throw new ConfigError(`edge.domain.${key}`, domain[key], `must be inside the hosted zone ${domain.hostedZone}`);
      }
    }
    if (domain.appDomain === domain.apiDomain) {
      throw new ConfigError("edge.domain.apiDomain", domain.apiDomain, "must differ from edge.domain.appDomain");
    }
  } else if (config.protection && !config.compute.albCertificateArn) {
    throw new ConfigError(
      "edge.domain",
      undefined,
      "is required when protection is on (or set compute.albCertificateArn): a protected environment serves TLS end to end",
    );
  }
}

function validateWebhookBody(config: EnvironmentConfig): void {
  const { pathPrefix, maxBytes } = config.edge.webhookBody;
  matches("edge.webhookBody.pathPrefix", pathPrefix, /^\/([A-Za-z0-9._~-]+\/)+$/, "must be a path such as /webhook/ (letters, digits, . _ ~ -, with / at both ends)");
  const routed = albRoutes(config.compute.services).some(({ pattern }) => pattern.endsWith("*") && pathPrefix.startsWith(pattern.slice(0, -1)));
  if (!routed) {
    throw new ConfigError("edge.webhookBody.pathPrefix", pathPrefix, "must lie inside an ALB path pattern of a service (such as /webhook/*)");
  }
  intInRange("edge.webhookBody.maxBytes", maxBytes, WEBHOOK_BODY_MIN_BYTES, WEBHOOK_BODY_MAX_BYTES);
}
