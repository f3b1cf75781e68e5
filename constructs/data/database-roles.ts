import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import * as path from "node:path";
import type { DatabaseUser } from "../../config/derived";
import { ManagedPolicyRole, type AwsAccount } from "../iam";
import { ZipAsset } from "../zip-asset";

/** The function's code, plain Node.js on the SDK v3 that the runtime bundles. */
export const DATABASE_ROLES_CODE = path.resolve(__dirname, "../../functions/db-roles");
/** nodejs20.x stopped accepting new functions in 2026; 22.x bundles the AWS SDK v3. */
export const DATABASE_ROLES_RUNTIME = "nodejs22.x";

/** What Terraform sends the function: the database and one role per service, each owning its schema. */
export interface DatabaseRoleRequest {
  readonly database: string;
  readonly roles: readonly { readonly name: string; readonly schema: string }[];
}

export function databaseRoleRequest(database: string, users: readonly DatabaseUser[]): DatabaseRoleRequest {
  return { database, roles: users.map((u) => ({ name: u.user, schema: u.user })) };
}

export interface DatabaseRolesProps {
  /** Function, role, policy and log group name (payment-db-roles-<suffix>). */
  readonly name: string;
  readonly account: AwsAccount;
  readonly region: string;
  readonly clusterArn: string;
  /** Changes when the cluster is replaced, which re-runs the step. */
  readonly clusterResourceId: string;
  readonly databaseName: string;
  readonly users: readonly DatabaseUser[];
  /** The RDS-managed master secret the Data API authenticates with. */
  readonly masterSecretArn: string;
  /** Encrypts the master secret. */
  readonly secretsKeyArn: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /** The writer instance: the Data API needs an available instance. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * Creates the services' PostgreSQL roles (IAM authentication, one schema each) on every
 * deploy, through the RDS Data API: a Lambda function outside the VPC that Terraform invokes,
 * so neither CI nor the function needs a network path into the isolated subnets. The
 * function alone reads the master secret; no service ever holds it.
 */
export class DatabaseRoles extends Construct {
  readonly function: LambdaFunction;
  readonly invocation: LambdaInvocation;
  readonly role: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: DatabaseRolesProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${props.name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    this.role = new ManagedPolicyRole(this, "role", {
      roleName: props.name,
      assumedBy: "lambda.amazonaws.com",
      accountId: props.account.accountId,
      policyDescription: "Creates the services' database roles through the RDS Data API",
      describeRole: true,
      statements: [
        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:*` },
        { Sid: "DataApi", Effect: "Allow", Action: "rds-data:ExecuteStatement", Resource: props.clusterArn },
        // The Data API reads the secret with the caller's credentials.
        { Sid: "MasterSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: props.masterSecretArn },
        {
          Sid: "DecryptMasterSecret",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.secretsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com` } },
        },
      ],
    });
    const code = new ZipAsset(this, "code", { directory: DATABASE_ROLES_CODE });
    this.function = new LambdaFunction(this, "function", {
      functionName: props.name,
      description: "Creates and grants the services' IAM-authenticated database roles (RDS Data API)",
      role: this.role.arn,
      runtime: DATABASE_ROLES_RUNTIME,
      architectures: ["arm64"],
      handler: "index.handler",
      filename: code.path,
      sourceCodeHash: code.sha256,
      // Twelve 5 s waits for a paused cluster to resume, then a few dozen statements.
      timeout: 300,
      memorySize: 256,
      environment: { variables: { CLUSTER_ARN: props.clusterArn, SECRET_ARN: props.masterSecretArn } },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      dependsOn: [logGroup, this.role.attachment],
    });
    this.invocation = new LambdaInvocation(this, "apply", {
      functionName: this.function.functionName,
      input: JSON.stringify(databaseRoleRequest(props.databaseName, props.users)),
      // A new input (the role set) re-invokes by itself; so do new code and a replaced cluster.
      triggers: { code: code.sha256, cluster: props.clusterResourceId },
      dependsOn: [...props.dependsOn],
    });
  }
}
