import { ECR_PULL_ACTIONS } from "../data/ecr";
import type { PolicyStatement } from "../iam";
export { WILDCARD_RESOURCE_ACTIONS } from "../iam";
import type { QueueAccess } from "../../config/types";

/** CloudWatch namespace of the business metrics the services publish (e.g. TransactionLatency). */
export const TRANSACTION_METRICS_NAMESPACE = "Payment/Transactions";

const XRAY_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"];
const EXEC_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
];

/** Decrypting through one AWS service only, so the grant is useless outside it. */
function viaService(region: string, service: string): PolicyStatement["Condition"] {
  return { StringEquals: { "kms:ViaService": `${service}.${region}.amazonaws.com` } };
}

export interface ExecutionPolicyProps {
  readonly region: string;
  /** Region of the image repositories: another one when they are shared (compute.ecrShareFrom). */
  readonly ecrRegion?: string;
  readonly repositoryArns: readonly string[];
  readonly logGroupArns: readonly string[];
  readonly secretArns: readonly string[];
  readonly secretsKeyArn: string;
  readonly ecrKeyArn: string;
}

/** What ECS itself needs to start one service's tasks: pull its image, write its logs, inject its secrets. */
export function executionStatements(p: ExecutionPolicyProps): PolicyStatement[] {
  return [
    { Sid: "EcrToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "EcrPull",
      Effect: "Allow",
      Action: ECR_PULL_ACTIONS,
      Resource: p.repositoryArns,
    },
    {
      Sid: "Logs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: p.logGroupArns.map((arn) => `${arn}:*`),
    },
    // A service injected with no secret gets neither statement (IAM rejects an empty Resource).
    ...(p.secretArns.length > 0
      ? [
          { Sid: "Secrets", Effect: "Allow" as const, Action: "secretsmanager:GetSecretValue", Resource: p.secretArns },
          {
            Sid: "DecryptSecrets",
            Effect: "Allow" as const,
            Action: "kms:Decrypt",
            Resource: p.secretsKeyArn,
            Condition: viaService(p.region, "secretsmanager"),
          },
        ]
      : []),
    { Sid: "DecryptImages", Effect: "Allow", Action: "kms:Decrypt", Resource: p.ecrKeyArn, Condition: viaService(p.ecrRegion ?? p.region, "ecr") },
  ];
}

export interface DatabaseConnectProps {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** cluster-XXXX (aws_rds_cluster.cluster_resource_id) */
  readonly clusterResourceId: string;
  /** The service's own PostgreSQL role. */
  readonly user: string;
}

/** IAM database authentication as one role of one cluster: the token is useless for any other user. */
export function databaseConnectStatement(p: DatabaseConnectProps): PolicyStatement {
  return {
    Sid: "DatabaseConnect",
    Effect: "Allow",
    Action: "rds-db:connect",
    Resource: `arn:${p.partition}:rds-db:${p.region}:${p.accountId}:dbuser:${p.clusterResourceId}/${p.user}`,
  };
}

export interface TaskPolicyProps {
  readonly region: string;
  readonly queueAccess: QueueAccess;
  readonly queueArn: string;
  readonly deadLetterQueueArn: string;
  /** Encrypts the queues. */
  readonly secretsKeyArn: string;
  readonly xrayTracing: boolean;
  readonly executeCommand: boolean;
  /** IAM-authenticated Redis: the replication group and the RBAC user. */
  readonly cacheArns?: readonly string[];
  /** The service's database role, when it has one (databaseConnectStatement). */
  readonly databaseConnect?: PolicyStatement;
}

/** What one service's code may do: only its own queue role, metrics, and optional tracing, exec and cache. */
export function taskStatements(p: TaskPolicyProps): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "Metrics",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": TRANSACTION_METRICS_NAMESPACE } },
    },
  ];
  if (p.queueAccess === "send") {
    statements.push(
      { Sid: "QueueSend", Effect: "Allow", Action: ["sqs:SendMessage", "sqs:GetQueueAttributes"], Resource: p.queueArn },
      {
        Sid: "QueueKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: p.secretsKeyArn,
        Condition: viaService(p.region, "sqs"),
      },
    );
  }
  if (p.queueAccess === "consume") {
    statements.push(
      {
        Sid: "QueueConsume",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
        Resource: p.queueArn,
      },
      { Sid: "DeadLetterRead", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:GetQueueAttributes"], Resource: p.deadLetterQueueArn },
      { Sid: "QueueKey", Effect: "Allow", Action: "kms:Decrypt", Resource: p.secretsKeyArn, Condition: viaService(p.region, "sqs") },
    );
  }
  if (p.xrayTracing) statements.push({ Sid: "Tracing", Effect: "Allow", Action: XRAY_ACTIONS, Resource: "*" });
  if (p.executeCommand) statements.push({ Sid: "ExecuteCommand", Effect: "Allow", Action: EXEC_ACTIONS, Resource: "*" });
  if (p.cacheArns) statements.push({ Sid: "CacheConnect", Effect: "Allow", Action: "elasticache:Connect", Resource: p.cacheArns });
  if (p.databaseConnect) statements.push(p.databaseConnect);
  return statements;
}
