import { ConfigError } from "../errors";
import { PRICE_CLASSES, type EnvironmentConfig } from "../types";
import { DNS_NAME, intInRange, isBoolean, matches, oneOf } from "./rules";

/** WAF rate-based statements accept 10 to 2,000,000,000 requests per evaluation window. */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

export function validateEdge(config: EnvironmentConfig): void {
  const edge = config.edge;
  oneOf("edge.priceClass", edge.priceClass, PRICE_CLASSES);
  intInRange("edge.wafRateLimit", edge.wafRateLimit, WAF_RATE_LIMIT_MIN, WAF_RATE_LIMIT_MAX);
  isBoolean("edge.restrictAlbToCloudFront", edge.restrictAlbToCloudFront);
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
