import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { Construct } from "constructs";

/** Two years: the minimum the HSTS preload list accepts is one. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * Same-origin everything: the React build ships its own scripts and styles, the API is
 * reached through the same host (/api/*), and nothing may frame the payment pages.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "upgrade-insecure-requests",
].join("; ");

export interface SecurityHeadersProps {
  readonly name: string;
  readonly contentSecurityPolicy?: string;
}

/**
 * Response headers policy CloudFront adds to every response. `override` everywhere:
 * the edge is the one place these are decided, whatever an origin sends.
 */
export class SecurityHeaders extends Construct {
  readonly policy: CloudfrontResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SecurityHeadersProps) {
    super(scope, id);
    this.policy = new CloudfrontResponseHeadersPolicy(this, "policy", {
      name: props.name,
      comment: "HSTS, CSP and anti-framing headers for the payment frontend and API",
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy: props.contentSecurityPolicy ?? CONTENT_SECURITY_POLICY,
          override: true,
        },
        // Ignored by current browsers (CSP replaces it); still expected by PCI scanners.
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
  }
}
