import { APPLICATION, CiNames } from "../../config/names";
import { CI_TAGGED_CREATES, CI_UNSCOPED_WRITES, type PolicyStatement } from "../iam";
import { arnIn, globalArn, NAME_PREFIX, type CiScope } from "./context";

export interface DeployScope extends CiScope {
  readonly profile: string;
  /** The profile's permissions boundary: every role the deploy role creates must carry it. */
  readonly boundaryArn: string;
  readonly stateBucket: string;
  readonly stateKeyArn: string;
}

const p = NAME_PREFIX;
const requestTagged = { StringEquals: { "aws:RequestTag/Application": APPLICATION } };
const resourceTagged = { StringEquals: { "aws:ResourceTag/Application": APPLICATION } };

/** Services whose roles the platform creates and passes (task, execution, flow logs, CodeDeploy, backup, replication). */
export const PASSED_TO_SERVICES = [
  "ecs-tasks.amazonaws.com",
  "vpc-flow-logs.amazonaws.com",
  "codedeploy.amazonaws.com",
  "backup.amazonaws.com",
  "s3.amazonaws.com",
  "lambda.amazonaws.com",
] as const;

/** Service-linked roles the platform's services create on first use in an account. */
const SERVICE_LINKED = [
  "ecs.amazonaws.com",
  "elasticloadbalancing.amazonaws.com",
  "ecs.application-autoscaling.amazonaws.com",
  "rds.amazonaws.com",
  "elasticache.amazonaws.com",
  "backup.amazonaws.com",
] as const;

/** IAM writes that take the iam:PermissionsBoundary condition key: each requires the profile's boundary. */
export const BOUNDED_ROLE_WRITES = [
  "iam:CreateRole",
  "iam:PutRolePermissionsBoundary",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
] as const;

/**
 * IAM writes the condition key does not exist for. None can raise what a role may do above
 * its boundary; each is scoped to payment-* roles and policies, and the guard denies them
 * on the CI roles, their policies and the boundary itself.
 */
export const ROLE_WRITES_WITHOUT_BOUNDARY_KEY = [
  "iam:DeleteRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
  "iam:PassRole",
  "iam:CreateServiceLinkedRole",
] as const;

/** The deploy role's customer-managed policies, by part (each under IAM's 6,144-character limit). */
export function deployStatements(s: DeployScope): Record<"network" | "data" | "compute" | "edge" | "iam" | "guard", PolicyStatement[]> {
  const arn = (service: string, resource: string) => arnIn(s, service, resource);
  const bucketArn = (name: string) => globalArn(s, "s3", name, false);
  // Platform buckets are payment-<thing>-<suffix>-<account>; the state bucket is not one of them.
  const platformBuckets = bucketArn(`${p}*-${s.accountId}`);
  return {
    network: [
      { Sid: "Ec2InThisAccount", Effect: "Allow", Action: [...EC2_WRITES], Resource: arn("ec2", "*") },
      {
        Sid: "HostedZones",
        Effect: "Allow",
        Action: ["route53:ChangeResourceRecordSets", "route53:ChangeTagsForResource", "route53:DeleteHostedZone", "route53:AssociateVPCWithHostedZone", "route53:DisassociateVPCFromHostedZone"],
        Resource: `arn:${s.partition}:route53:::hostedzone/*`,
      },
      { Sid: "UnscopedWrites", Effect: "Allow", Action: Object.keys(CI_UNSCOPED_WRITES), Resource: "*" },
    ],
    data: [
      {
        Sid: "Databases",
        Effect: "Allow",
        Action: ["rds:CreateDBCluster", "rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:CreateDBClusterParameterGroup", "rds:ModifyDBClusterParameterGroup", "rds:DeleteDBClusterParameterGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:CreateDBClusterSnapshot"],
        Resource: ["cluster", "db", "subgrp", "cluster-pg", "cluster-snapshot", "pg", "og"].map((type) => arn("rds", `${type}:${p}*`)).concat(arn("rds", "pg:default*"), arn("rds", "og:default*")),
      },
      {
        Sid: "Caches",
        Effect: "Allow",
        Action: ["elasticache:CreateReplicationGroup", "elasticache:ModifyReplicationGroup", "elasticache:DeleteReplicationGroup", "elasticache:CreateCacheSubnetGroup", "elasticache:ModifyCacheSubnetGroup", "elasticache:DeleteCacheSubnetGroup", "elasticache:CreateUser", "elasticache:ModifyUser", "elasticache:DeleteUser", "elasticache:CreateUserGroup", "elasticache:ModifyUserGroup", "elasticache:DeleteUserGroup", "elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"],
        Resource: ["replicationgroup", "cluster", "subnetgroup", "user", "usergroup", "parametergroup"].map((type) => arn("elasticache", `${type}:${p}*`)).concat(arn("elasticache", "parametergroup:default*")),
      },
      { Sid: "Queues", Effect: "Allow", Action: ["sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"], Resource: arn("sqs", `${p}*`) },
      {
        // The database-roles function the data stack deploys and invokes (aws_lambda_invocation).
        Sid: "DatabaseRolesFunction",
        Effect: "Allow",
        Action: ["lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:DeleteFunction", "lambda:InvokeFunction", "lambda:TagResource", "lambda:UntagResource"],
        Resource: arn("lambda", `function:${p}*`),
      },
      {
        Sid: "Secrets",
        Effect: "Allow",
        // No GetSecretValue and no PutSecretValue: operators fill secrets (help/secrets.md).
        Action: ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:UpdateSecret", "secretsmanager:RestoreSecret", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy", "secretsmanager:RotateSecret", "secretsmanager:CancelRotateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource"],
        Resource: [arn("secretsmanager", `secret:${p}*`), arn("secretsmanager", "secret:rds!*")],
      },
      { Sid: "TaggedCreates", Effect: "Allow", Action: Object.keys(CI_TAGGED_CREATES), Resource: "*", Condition: requestTagged },
      {
        Sid: "PlatformKeys",
        Effect: "Allow",
        Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:CreateGrant", "kms:DescribeKey", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        Resource: arn("kms", "key/*"),
        Condition: resourceTagged,
      },
      { Sid: "PlatformAliases", Effect: "Allow", Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"], Resource: arn("kms", `alias/${p}*`) },
      {
        Sid: "Repositories",
        Effect: "Allow",
        Action: ["ecr:CreateRepository", "ecr:DeleteRepository", "ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy", "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy", "ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability", "ecr:TagResource", "ecr:UntagResource"],
        Resource: arn("ecr", `repository/${p}*`),
      },
      {
        Sid: "Backups",
        Effect: "Allow",
        Action: ["backup:CreateBackupVault", "backup:DeleteBackupVault", "backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy", "backup:PutBackupVaultLockConfiguration", "backup:CreateBackupPlan", "backup:UpdateBackupPlan", "backup:DeleteBackupPlan", "backup:CreateBackupSelection", "backup:DeleteBackupSelection", "backup:TagResource", "backup:UntagResource", "backup:DescribeBackupVault", "backup:GetBackupPlan", "backup:GetBackupSelection", "backup:ListTags"],
        Resource: [arn("backup", `backup-vault:${p}*`), arn("backup", "backup-plan:*")],
      },
      {
        Sid: "ReleasedImageTags",
        Effect: "Allow",
        Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:PutParameter", "ssm:DeleteParameter", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource"],
        Resource: arn("ssm", `parameter/payment/${s.profile}/*`),
      },
    ],
    compute: [
      {
        Sid: "Containers",
        Effect: "Allow",
        Action: ["ecs:CreateCluster", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:DeleteCluster", "ecs:PutClusterCapacityProviders", "ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:TagResource", "ecs:UntagResource"],
        Resource: [arn("ecs", `cluster/${p}*`), arn("ecs", `service/${p}*`), arn("ecs", `task-definition/${p}*`)],
      },
      {
        Sid: "LoadBalancers",
        Effect: "Allow",
        Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:CreateListener", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:CreateRule", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
        Resource: [arn("elasticloadbalancing", `loadbalancer/app/${p}*/*`), arn("elasticloadbalancing", `targetgroup/${p}*/*`), arn("elasticloadbalancing", `listener/app/${p}*/*`), arn("elasticloadbalancing", `listener-rule/app/${p}*/*`)],
      },
      {
        Sid: "Scaling",
        Effect: "Allow",
        Action: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:TagResource", "application-autoscaling:UntagResource"],
        Resource: arn("application-autoscaling", "scalable-target/*"),
      },
      {
        Sid: "Discovery",
        Effect: "Allow",
        Action: ["servicediscovery:DeleteNamespace", "servicediscovery:DeleteService", "servicediscovery:UpdateService", "servicediscovery:TagResource", "servicediscovery:UntagResource"],
        Resource: [arn("servicediscovery", "namespace/*"), arn("servicediscovery", "service/*")],
        Condition: resourceTagged,
      },
      {
        Sid: "Monitoring",
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards", "sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe", "sns:TagResource", "sns:UntagResource"],
        // Target tracking policies create their alarms with the caller's permissions, named TargetTracking-service/<cluster>/<service>-...
        Resource: [arn("cloudwatch", `alarm:${p}*`), arn("cloudwatch", `alarm:TargetTracking-service/${p}*`), globalArn(s, "cloudwatch", `dashboard/${p}*`), arn("sns", `${p}*`)],
      },
      {
        Sid: "BlueGreen",
        Effect: "Allow",
        Action: ["codedeploy:CreateApplication", "codedeploy:UpdateApplication", "codedeploy:DeleteApplication", "codedeploy:CreateDeploymentGroup", "codedeploy:UpdateDeploymentGroup", "codedeploy:DeleteDeploymentGroup", "codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:StopDeployment", "codedeploy:GetDeploymentConfig", "codedeploy:TagResource", "codedeploy:UntagResource"],
        Resource: [arn("codedeploy", `application:${p}*`), arn("codedeploy", `deploymentgroup:${p}*/*`), arn("codedeploy", "deploymentconfig:*")],
      },
      {
        // npm run release adds a released-* tag to each image it runs (its own manifest, read
        // back first), which the repositories' lifecycle policy keeps; it uploads no layer.
        Sid: "KeepReleasedImages",
        Effect: "Allow",
        Action: ["ecr:BatchGetImage", "ecr:PutImage"],
        Resource: arn("ecr", `repository/${p}*`),
      },
      {
        Sid: "LogGroups",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey", "logs:TagResource", "logs:UntagResource", "logs:TagLogGroup", "logs:UntagLogGroup"],
        Resource: arn("logs", `log-group:*${p}*`),
      },
      {
        Sid: "LogDeliveries",
        Effect: "Allow",
        Action: ["logs:PutDeliverySource", "logs:DeleteDeliverySource", "logs:PutDeliveryDestination", "logs:DeleteDeliveryDestination", "logs:PutDeliveryDestinationPolicy", "logs:CreateDelivery", "logs:DeleteDelivery", "logs:TagResource", "logs:UntagResource"],
        Resource: [arn("logs", `delivery-source:${p}*`), arn("logs", `delivery-destination:${p}*`), arn("logs", "delivery:*")],
      },
    ],
    edge: [
      {
        Sid: "Distributions",
        Effect: "Allow",
        Action: ["cloudfront:CreateDistribution", "cloudfront:CreateDistributionWithTags", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution", "cloudfront:CreateInvalidation", "cloudfront:GetInvalidation", "cloudfront:CreateOriginAccessControl", "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl", "cloudfront:CreateResponseHeadersPolicy", "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy", "cloudfront:CreateFunction", "cloudfront:UpdateFunction", "cloudfront:PublishFunction", "cloudfront:DeleteFunction", "cloudfront:TagResource", "cloudfront:UntagResource"],
        Resource: globalArn(s, "cloudfront", "*"),
      },
      {
        Sid: "WebAcls",
        Effect: "Allow",
        Action: ["wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL", "wafv2:PutLoggingConfiguration", "wafv2:DeleteLoggingConfiguration", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "wafv2:TagResource", "wafv2:UntagResource"],
        Resource: [arn("wafv2", `*/webacl/${p}*/*`), `arn:${s.partition}:wafv2:*:*:*/managedruleset/*/*`, arn("elasticloadbalancing", `loadbalancer/app/${p}*/*`)],
      },
      {
        Sid: "Certificates",
        Effect: "Allow",
        Action: ["acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"],
        Resource: arn("acm", "certificate/*"),
        Condition: resourceTagged,
      },
      {
        Sid: "PlatformBuckets",
        Effect: "Allow",
        Action: [...BUCKET_WRITES, "s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"],
        Resource: [platformBuckets, `${platformBuckets}/*`],
      },
    ],
    iam: [
      {
        Sid: "RolesCarryTheBoundary",
        Effect: "Allow",
        Action: [...BOUNDED_ROLE_WRITES],
        Resource: globalArn(s, "iam", `role/${p}*`),
        Condition: { StringEquals: { "iam:PermissionsBoundary": s.boundaryArn } },
      },
      {
        Sid: "RoleLifecycle",
        Effect: "Allow",
        Action: ROLE_WRITES_WITHOUT_BOUNDARY_KEY.filter((a) => a.includes("Role") && a !== "iam:PassRole" && a !== "iam:CreateServiceLinkedRole"),
        Resource: globalArn(s, "iam", `role/${p}*`),
      },
      {
        Sid: "PlatformPolicies",
        Effect: "Allow",
        Action: ROLE_WRITES_WITHOUT_BOUNDARY_KEY.filter((a) => a.includes("Policy")),
        Resource: globalArn(s, "iam", `policy/${p}*`),
      },
      {
        Sid: "PassPlatformRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: globalArn(s, "iam", `role/${p}*`),
        Condition: { StringEquals: { "iam:PassedToService": [...PASSED_TO_SERVICES] } },
      },
      {
        Sid: "ServiceLinkedRoles",
        Effect: "Allow",
        Action: "iam:CreateServiceLinkedRole",
        Resource: globalArn(s, "iam", "role/aws-service-role/*"),
        Condition: { StringEquals: { "iam:AWSServiceName": [...SERVICE_LINKED] } },
      },
    ],
    guard: [
      {
        Sid: "NeverTheCiIdentities",
        Effect: "Deny",
        Action: "iam:*",
        Resource: [
          globalArn(s, "iam", `role/${CiNames.protectedRoles}`),
          ...CiNames.protectedPolicies.map((name) => globalArn(s, "iam", `policy/${name}`)),
          globalArn(s, "iam", "oidc-provider/*"),
        ],
      },
      { Sid: "NeverDropTheBoundary", Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" },
      { Sid: "NeverTheStateBucket", Effect: "Deny", Action: [...BUCKET_WRITES], Resource: bucketArn(s.stateBucket) },
      {
        Sid: "NeverTheStateKey",
        Effect: "Deny",
        Action: ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:CreateGrant", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:DeleteAlias"],
        Resource: s.stateKeyArn,
      },
      {
        Sid: "NeverOtherApplications",
        Effect: "Deny",
        Action: [...GUARDED_SERVICES].map((service) => `${service}:*`),
        Resource: "*",
        Condition: { Null: { "aws:ResourceTag/Application": "false" }, StringNotEquals: { "aws:ResourceTag/Application": APPLICATION } },
      },
    ],
  };
}

/** Services whose resources carry tags the deploy role must respect (Deny on another Application's tag). */
const GUARDED_SERVICES = ["ec2", "rds", "elasticache", "sqs", "secretsmanager", "kms", "ecr", "ecs", "elasticloadbalancing", "logs", "sns", "cloudwatch", "codedeploy", "servicediscovery", "iam", "cloudfront", "wafv2", "acm", "backup", "ssm"] as const;

const BUCKET_WRITES = [
  "s3:CreateBucket",
  "s3:DeleteBucket",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketTagging",
  "s3:PutBucketLogging",
  "s3:PutReplicationConfiguration",
  "s3:PutBucketObjectLockConfiguration",
] as const;

/** What the network stack does to EC2: VPC, subnets, gateways, routes, endpoints, security groups, flow logs, peering. */
const EC2_WRITES = [
  "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute",
  "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
  "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
  "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress",
  "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
  "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute",
  "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:ReplaceRouteTableAssociation",
  "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup",
  "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
  "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
  "ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DeleteVpcEndpoints",
  "ec2:CreateFlowLogs", "ec2:DeleteFlowLogs",
  "ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection", "ec2:ModifyVpcPeeringConnectionOptions", "ec2:DeleteVpcPeeringConnection",
  "ec2:CreateTags", "ec2:DeleteTags",
] as const;
