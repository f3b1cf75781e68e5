import { Names } from "./names";
import type { EnvironmentConfig } from "./types";

/** A service that connects to the database as its own role. */
export interface DatabaseUser {
  readonly service: string;
  /** PostgreSQL role, and the schema it owns. */
  readonly user: string;
}

/** The database roles of an environment: one per service whose databaseAccess is not `none`. */
export function databaseUsers(config: EnvironmentConfig): DatabaseUser[] {
  const names = new Names(config.suffix);
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
