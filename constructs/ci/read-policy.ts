import { CI_UNSCOPED_READS, type PolicyStatement } from "../iam";
import { arnIn, globalArn, NAME_PREFIX, type CiScope } from "./context";

/**
 * Reads a `terraform plan` of every platform stack makes to refresh what it manages: metadata
 * only, never data. No s3:GetObject outside the state (see state-access.ts), no
 * secretsmanager:GetSecretValue, no logs:GetLogEvents, no sqs:ReceiveMessage, no image layers,
 * no WAF request samples. Calls with no resource type take `*` (each listed, with its reason,
 * in WILDCARD_RESOURCE_ACTIONS); everything else is scoped to payment-* names in this account.
 */
export function readStatements(scope: CiScope, profile: string): PolicyStatement[] {
  const p = NAME_PREFIX;
  const arn = (service: string, resource: string) => arnIn(scope, service, resource);
  return [
    { Sid: "DescribeWithoutResourceTypes", Effect: "Allow", Action: Object.keys(CI_UNSCOPED_READS), Resource: "*" },
    {
      Sid: "Databases",
      Effect: "Allow",
      Action: ["rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups", "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:ListTagsForResource"],
      Resource: ["cluster", "db", "subgrp", "cluster-pg"].map((type) => arn("rds", `${type}:${p}*`)),
    },
    {
      Sid: "Caches",
      Effect: "Allow",
      Action: ["elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters", "elasticache:DescribeCacheSubnetGroups", "elasticache:DescribeUsers", "elasticache:DescribeUserGroups", "elasticache:ListTagsForResource"],
      Resource: ["replicationgroup", "cluster", "subnetgroup", "user", "usergroup"].map((type) => arn("elasticache", `${type}:${p}*`)),
    },
    { Sid: "Queues", Effect: "Allow", Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"], Resource: arn("sqs", `${p}*`) },
    {
      Sid: "Functions",
      Effect: "Allow",
      Action: ["lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig", "lambda:ListVersionsByFunction", "lambda:ListTags", "lambda:GetPolicy"],
      Resource: arn("lambda", `function:${p}*`),
    },
    {
      Sid: "SecretMetadata",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecretVersionIds"],
      // rds!cluster-...: the master secret RDS manages for the cluster.
      Resource: [arn("secretsmanager", `secret:${p}*`), arn("secretsmanager", "secret:rds!*")],
    },
    {
      Sid: "Keys",
      Effect: "Allow",
      Action: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
      Resource: arn("kms", "key/*"),
      Condition: { "ForAnyValue:StringLike": { "kms:ResourceAliases": `alias/${p}*` } },
    },
    {
      Sid: "Repositories",
      Effect: "Allow",
      Action: ["ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListTagsForResource"],
      Resource: arn("ecr", `repository/${p}*`),
    },
    {
      Sid: "Containers",
      Effect: "Allow",
      Action: ["ecs:DescribeClusters", "ecs:DescribeServices", "ecs:ListTagsForResource"],
      Resource: [arn("ecs", `cluster/${p}*`), arn("ecs", `service/${p}*`), arn("ecs", `task-definition/${p}*`)],
    },
    {
      Sid: "Monitoring",
      Effect: "Allow",
      Action: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:GetDashboard", "sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:ListSubscriptionsByTopic", "sns:GetSubscriptionAttributes"],
      Resource: [arn("cloudwatch", `alarm:${p}*`), arn("cloudwatch", `alarm:TargetTracking-service/${p}*`), globalArn(scope, "cloudwatch", `dashboard/${p}*`), arn("sns", `${p}*`)],
    },
    {
      Sid: "LogGroups",
      Effect: "Allow",
      Action: ["logs:ListTagsForResource", "logs:ListTagsLogGroup", "logs:GetDeliverySource", "logs:GetDeliveryDestination", "logs:GetDelivery"],
      Resource: [arn("logs", `log-group:*${p}*`), arn("logs", "delivery-source:*"), arn("logs", "delivery-destination:*"), arn("logs", "delivery:*")],
    },
    {
      Sid: "Deployments",
      Effect: "Allow",
      Action: ["codedeploy:GetApplication", "codedeploy:GetDeploymentGroup", "codedeploy:BatchGetDeploymentGroups", "codedeploy:ListTagsForResource"],
      Resource: [arn("codedeploy", `application:${p}*`), arn("codedeploy", `deploymentgroup:${p}*/*`)],
    },
    {
      Sid: "Identities",
      Effect: "Allow",
      Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListRoleTags", "iam:ListInstanceProfilesForRole", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicyTags"],
      Resource: [globalArn(scope, "iam", `role/${p}*`), globalArn(scope, "iam", `policy/${p}*`), `arn:${scope.partition}:iam::aws:policy/*`],
    },
    {
      Sid: "BucketConfiguration",
      Effect: "Allow",
      Action: [...BUCKET_READS],
      Resource: globalArn(scope, "s3", `${p}*`, false),
    },
    {
      Sid: "WebAcls",
      Effect: "Allow",
      Action: ["wafv2:GetWebACL", "wafv2:GetLoggingConfiguration", "wafv2:ListTagsForResource"],
      Resource: arn("wafv2", `*/webacl/${p}*/*`),
    },
    { Sid: "ReleasedImageTags", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], Resource: arn("ssm", `parameter/payment/${profile}/*`) },
  ];
}

/** What the provider reads to refresh a bucket and its configuration resources. */
const BUCKET_READS = [
  "s3:GetBucket*",
  "s3:GetAccelerateConfiguration",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:ListBucket",
] as const;
