import { APPLICATION } from "../../config/names";
import type { PolicyStatement } from "../iam";
import { arnIn, globalArn, NAME_PREFIX, type CiScope } from "./context";

export interface BoundaryScope extends CiScope {
  readonly stateBucket: string;
  readonly stateKeyArn: string;
}

const p = NAME_PREFIX;

/**
 * The most any role the platform creates may ever do: what its workloads and AWS services
 * call (ECS tasks and execution, VPC flow logs, CodeDeploy, AWS Backup, S3 replication),
 * on payment-* resources, and nothing in IAM but passing payment-* roles to ECS. A role's
 * own policy still decides what it does; the boundary only caps it, so a deploy role that
 * may create roles cannot create one stronger than this. The policy suite checks that every
 * platform role carries it and that every action those roles are granted fits inside it.
 */
export function boundaryStatements(s: BoundaryScope): PolicyStatement[] {
  const arn = (service: string, resource: string) => arnIn(s, service, resource);
  const buckets = globalArn(s, "s3", `${p}*-${s.accountId}`, false);
  const stateBucket = globalArn(s, "s3", s.stateBucket, false);
  return [
    { Sid: "NoResourceTypes", Effect: "Allow", Action: [...BOUNDED_UNSCOPED], Resource: "*" },
    { Sid: "PullImages", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Resource: arn("ecr", `repository/${p}*`) },
    { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn("logs", `log-group:*${p}*`), arn("logs", `log-group:*${p}*:*`)] },
    { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: arn("secretsmanager", `secret:${p}*`) },
    {
      Sid: "UsePlatformKeys",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey", "kms:CreateGrant"],
      Resource: arn("kms", "key/*"),
      Condition: { StringEquals: { "aws:ResourceTag/Application": APPLICATION } },
    },
    {
      Sid: "Queues",
      Effect: "Allow",
      Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
      Resource: arn("sqs", `${p}*`),
    },
    { Sid: "DatabaseLogin", Effect: "Allow", Action: "rds-db:connect", Resource: arn("rds-db", "dbuser:*/*") },
    // The database-roles function creates the services' roles through the Data API.
    { Sid: "DatabaseRoles", Effect: "Allow", Action: "rds-data:ExecuteStatement", Resource: arn("rds", `cluster:${p}*`) },
    { Sid: "CacheLogin", Effect: "Allow", Action: "elasticache:Connect", Resource: [arn("elasticache", `replicationgroup:${p}*`), arn("elasticache", `user:${p}*`)] },
    {
      Sid: "BlueGreenDeployments",
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:CreateTaskSet", "ecs:UpdateServicePrimaryTaskSet", "ecs:DeleteTaskSet", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule", "cloudwatch:DescribeAlarms", "sns:Publish"],
      Resource: [arn("ecs", `service/${p}*`), arn("ecs", `task-set/${p}*`), arn("elasticloadbalancing", `listener/app/${p}*/*`), arn("elasticloadbalancing", `listener-rule/app/${p}*/*`), arn("cloudwatch", `alarm:${p}*`), arn("sns", `${p}*`)],
    },
    {
      Sid: "PassTaskRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: globalArn(s, "iam", `role/${p}*`),
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
    {
      Sid: "Backups",
      Effect: "Allow",
      Action: ["rds:CreateDBClusterSnapshot", "rds:DeleteDBClusterSnapshot", "rds:CopyDBClusterSnapshot", "rds:ModifyDBClusterSnapshotAttribute", "rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots", "rds:AddTagsToResource", "rds:ListTagsForResource", "backup:CopyIntoBackupVault", "backup:DescribeBackupVault"],
      Resource: [arn("rds", `cluster:${p}*`), arn("rds", "cluster-snapshot:*"), arn("backup", `backup-vault:${p}*`)],
    },
    {
      // AWS Backup restore tests name the restored cluster themselves, so it is not payment-*.
      Sid: "RestoreTests",
      Effect: "Allow",
      Action: ["rds:RestoreDBClusterFromSnapshot", "rds:AddTagsToResource"],
      Resource: [arn("rds", "cluster:*"), arn("rds", "cluster-snapshot:awsbackup:*"), arn("rds", `subgrp:${p}*`), arn("rds", "cluster-pg:*")],
    },
    {
      Sid: "Replication",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: [buckets, `${buckets}/*`],
    },
    { Sid: "NeverTheState", Effect: "Deny", Action: ["s3:*", "kms:*"], Resource: [stateBucket, `${stateBucket}/*`, s.stateKeyArn] },
  ];
}

/** Calls with no resource type that platform roles make (each justified in WILDCARD_RESOURCE_ACTIONS). */
const BOUNDED_UNSCOPED = [
  "ecr:GetAuthorizationToken",
  "cloudwatch:PutMetricData",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "logs:DescribeLogGroups",
  "elasticloadbalancing:Describe*",
] as const;

