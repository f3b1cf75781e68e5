import { Names } from "./names";
import { PROFILES } from "./profiles";
import type { EnvironmentConfig } from "./types";

/** A service that connects to the database as its own role. */
export interface DatabaseUser {
  readonly service: string;
  /** PostgreSQL role, and the schema it owns. */
  readonly user: string;
}

/** The database roles of an environment: one per service whose databaseAccess is not `none`. */
export function databaseUsers(config: EnvironmentConfig): DatabaseUser[] {
  const names = Names.for(config);
  return config.compute.services
    .filter((s) => (s.databaseAccess ?? "own-schema") !== "none")
    .map((s) => ({ service: s.name, user: names.dbUser(s.name) }));
}

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

/** CloudFront, its WAF web ACLs and certificates, and IAM's global events live in us-east-1. */
export const GLOBAL_SERVICES_REGION = "us-east-1";

/** Only a profile's main environment owns the account baseline; a per-branch copy shares its account. */
export function deploysBaseline(config: EnvironmentConfig): boolean {
  return config.baseline.enabled && config.suffix === config.profile;
}

/**
 * Regions where the baseline runs its regional services (GuardDuty, Config, Security Hub,
 * Access Analyzer): the profile's own first, us-east-1, the regions of the profiles it covers
 * and any additional ones (disaster recovery).
 */
export function baselineRegions(config: EnvironmentConfig): string[] {
  const covered = config.baseline.covers.map((profile) => PROFILES[profile].region);
  return [...new Set([config.region, GLOBAL_SERVICES_REGION, ...covered, ...config.baseline.additionalRegions])];
}
