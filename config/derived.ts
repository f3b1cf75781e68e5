import type { EnvironmentConfig } from "./types";

/**
 * The ALB terminates TLS when it has a certificate: one issued for the profile's API
 * domain, or an existing one given as compute.albCertificateArn. Without either (a dev
 * profile with no domain) it listens on HTTP only, reachable only through CloudFront.
 */
export function albServesTls(config: EnvironmentConfig): boolean {
  return Boolean(config.edge.domain || config.compute.albCertificateArn);
}

/** The ALB listener port CloudFront connects to. */
export function albOriginPort(config: EnvironmentConfig): number {
  return albServesTls(config) ? 443 : 80;
}
