import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { Construct } from "constructs";

export interface AuroraParametersProps {
  readonly name: string;
  /** aurora-postgresql engine version, e.g. 16.6; the family follows its major version. */
  readonly engineVersion: string;
  /** Statements slower than this are logged. */
  readonly slowQueryLogMs: number;
}

/** The parameter family of an aurora-postgresql version: aurora-postgresql16 for 16.x. */
export function parameterFamily(engineVersion: string): string {
  return `aurora-postgresql${engineVersion.split(".")[0]}`;
}

/**
 * Cluster parameters: TLS required on every connection, and the logging an incident review
 * needs (slow statements, connections, lock waits, schema changes). All are dynamic in
 * Aurora PostgreSQL, so they apply without a reboot.
 */
export class AuroraParameters extends Construct {
  readonly group: RdsClusterParameterGroup;

  constructor(scope: Construct, id: string, props: AuroraParametersProps) {
    super(scope, id);
    const parameters: Record<string, string> = {
      "rds.force_ssl": "1",
      log_min_duration_statement: String(props.slowQueryLogMs),
      log_connections: "1",
      log_disconnections: "1",
      log_lock_waits: "1",
      log_statement: "ddl",
    };
    this.group = new RdsClusterParameterGroup(this, "group", {
      name: props.name,
      family: parameterFamily(props.engineVersion),
      description: "Payment platform: TLS only, slow-query and connection logging",
      parameter: Object.entries(parameters).map(([name, value]) => ({ name, value, applyMethod: "immediate" })),
    });
  }
}
