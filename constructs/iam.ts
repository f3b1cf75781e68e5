import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { IAspect } from "cdktf";
import { Construct, type IConstruct } from "constructs";

/** Reads the CI roles make on "*" (constructs/ci/read-policy.ts), each with the reason. */
export const CI_UNSCOPED_READS: Readonly<Record<string, string>> = {
  "ec2:Describe*": "EC2 Describe calls support no resource-level permissions",
  "ec2:GetManagedPrefixListEntries": "reads the AWS-owned CloudFront prefix list, which belongs to no account of ours",
  "elasticloadbalancing:Describe*": "ELB Describe calls support no resource-level permissions",
  "application-autoscaling:Describe*": "Application Auto Scaling Describe calls support no resource-level permissions",
  "ecs:DescribeTaskDefinition": "supports no resource-level permissions",
  "logs:DescribeLogGroups": "lists the account's log groups; no narrower resource",
  "logs:DescribeResourcePolicies": "account-wide resource policies have no ARN",
  "kms:ListAliases": "lists the account's aliases; no narrower resource",
  "servicediscovery:GetNamespace": "Cloud Map namespaces are addressed by generated IDs",
  "servicediscovery:GetService": "Cloud Map services are addressed by generated IDs",
  "servicediscovery:GetOperation": "operations have no resource type",
  "servicediscovery:ListTagsForResource": "Cloud Map resources are addressed by generated IDs",
  "cloudfront:GetDistribution": "distributions are addressed by generated IDs",
  "cloudfront:GetOriginAccessControl": "supports no resource-level permissions",
  "cloudfront:GetResponseHeadersPolicy": "supports no resource-level permissions",
  "cloudfront:GetFunction": "read of function code by name; functions are the platform's own",
  "cloudfront:DescribeFunction": "read of function metadata by name",
  "cloudfront:ListTagsForResource": "distributions are addressed by generated IDs",
  "route53:GetHostedZone": "hosted zones are addressed by generated IDs",
  "route53:ListHostedZones": "lists the account's zones; no narrower resource",
  "route53:ListHostedZonesByName": "finds the public zone by name (the preflight); no narrower resource",
  "route53:ListResourceRecordSets": "hosted zones are addressed by generated IDs",
  "route53:ListTagsForResource": "hosted zones are addressed by generated IDs",
  "route53:GetChange": "changes are addressed by generated IDs",
  "acm:DescribeCertificate": "certificates are addressed by generated IDs",
  "acm:ListTagsForCertificate": "certificates are addressed by generated IDs",
  "wafv2:GetWebACLForResource": "authorized on the associated resource, not the web ACL",
};

/** Creates on "*" the CI deploy role makes, each only with the platform's Application tag in the request. */
export const CI_TAGGED_CREATES: Readonly<Record<string, string>> = {
  "kms:CreateKey": "a key's ARN exists only after creation; the request must carry Application=payment-platform",
  "acm:RequestCertificate": "a certificate's ARN exists only after creation; the request must carry Application=payment-platform",
  "ecs:RegisterTaskDefinition": "supports no resource-level permissions; the request must carry Application=payment-platform",
  "servicediscovery:CreatePrivateDnsNamespace": "a namespace's ID exists only after creation; the request must carry Application=payment-platform",
  "servicediscovery:CreateService": "a service's ID exists only after creation; the request must carry Application=payment-platform",
};

/** Writes the CI deploy role makes on "*": APIs with no resource type at all. */
export const CI_UNSCOPED_WRITES: Readonly<Record<string, string>> = {
  "route53:CreateHostedZone": "has no resource type (the private zone's ID exists only after creation)",
  "ecs:DeregisterTaskDefinition": "supports no resource-level permissions",
  "logs:PutResourcePolicy": "account-wide log resource policies (WAF log delivery) have no ARN",
  "logs:DeleteResourcePolicy": "account-wide log resource policies have no ARN",
  "logs:CreateLogDelivery": "vended log deliveries (WAF logging) have no resource type",
  "logs:DeleteLogDelivery": "vended log deliveries have no resource type",
  "logs:GetLogDelivery": "vended log deliveries have no resource type",
  "logs:UpdateLogDelivery": "vended log deliveries have no resource type",
  "backup-storage:MountCapsule": "AWS Backup's storage layer has no resource type; CreateBackupVault requires it",
};

/**
 * The only actions granted on Resource "*", each with the reason no narrower resource exists.
 * The policy suite (__tests__/policy) treats any other "*" resource as a failure.
 */
export const WILDCARD_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  ...CI_UNSCOPED_READS,
  ...CI_TAGGED_CREATES,
  ...CI_UNSCOPED_WRITES,
  "ecr:GetAuthorizationToken": "returns a registry-wide token; the API accepts no resource",
  "cloudwatch:PutMetricData": "has no resource type; scoped by the cloudwatch:namespace condition instead",
  "xray:PutTraceSegments": "X-Ray supports no resource-level permissions",
  "xray:PutTelemetryRecords": "X-Ray supports no resource-level permissions",
  "xray:GetSamplingRules": "X-Ray supports no resource-level permissions",
  "xray:GetSamplingTargets": "X-Ray supports no resource-level permissions",
  "xray:GetSamplingStatisticSummaries": "X-Ray supports no resource-level permissions",
  "ssmmessages:CreateControlChannel": "ECS Exec session channels have no resource type",
  "ssmmessages:CreateDataChannel": "ECS Exec session channels have no resource type",
  "ssmmessages:OpenControlChannel": "ECS Exec session channels have no resource type",
  "ssmmessages:OpenDataChannel": "ECS Exec session channels have no resource type",
  "elasticloadbalancing:DescribeTargetGroups": "ELB Describe* calls support no resource-level permissions",
  "elasticloadbalancing:DescribeListeners": "ELB Describe* calls support no resource-level permissions",
  "elasticloadbalancing:DescribeRules": "ELB Describe* calls support no resource-level permissions",
};

/** An IAM policy statement, typed so documents are checked at compile time and parseable in tests. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?:
    | "*"
    | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[]; readonly Federated?: string };
  readonly Action: string | readonly string[];
  /** Absent only in trust policies. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

/** A policy document as the JSON string IAM, KMS, S3 and SQS take. */
export function policyDocument(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A trust policy letting one AWS service assume a role, optionally only for this account. */
export function assumeRolePolicy(service: string, accountId?: string): string {
  return policyDocument({
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sts:AssumeRole",
    ...(accountId ? { Condition: { StringEquals: { "aws:SourceAccount": accountId } } } : {}),
  });
}

/** Denies any request to `resources` that does not use TLS (S3 and SQS resource policies). */
export function denyInsecureTransport(action: string, resources: readonly string[]): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** Account ID and partition of the deploying credentials, read once per stack. */
export class AwsAccount extends Construct {
  readonly accountId: string;
  readonly partition: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
    this.partition = new DataAwsPartition(this, "partition").partition;
  }

  /** arn:<partition>:<service>:<region>:<account>:<resource> */
  arn(service: string, region: string, resource: string): string {
    return `arn:${this.partition}:${service}:${region}:${this.accountId}:${resource}`;
  }

  get rootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }
}

/**
 * Gives every IAM role in a scope the permissions boundary the CI deploy role requires on the
 * roles it creates (constructs/ci/deploy-policy.ts), so no construct can forget it. A role
 * that sets its own boundary keeps it.
 */
export class PermissionsBoundary implements IAspect {
  constructor(readonly policyArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole && node.permissionsBoundaryInput === undefined) node.permissionsBoundary = this.policyArn;
  }
}

/** arn:<partition>:iam::<account>:policy/<name> of a customer-managed policy. */
export function managedPolicyArn(account: AwsAccount, name: string): string {
  return `arn:${account.partition}:iam::${account.accountId}:policy/${name}`;
}

export interface ManagedPolicyRoleProps {
  readonly roleName: string;
  /** Service principal that assumes the role, e.g. ecs-tasks.amazonaws.com */
  readonly assumedBy: string;
  /** Restricts the trust to requests on behalf of this account (aws:SourceAccount). */
  readonly accountId: string;
  /** Physical name of the customer-managed policy (unique in the account); default: the role's name. */
  readonly policyName?: string;
  readonly policyDescription: string;
  /** Also describe the role itself (IAM shows it in the console and in access reviews). */
  readonly describeRole?: boolean;
  readonly statements: readonly PolicyStatement[];
  /** Tags on the role itself, e.g. what resource policies match with aws:PrincipalTag. */
  readonly roleTags?: Readonly<Record<string, string>>;
}

/**
 * A service role with exactly one customer-managed policy attached: a versioned document an
 * auditor can review and diff on its own (no inline policies, no AWS-managed policies whose
 * content AWS may widen).
 */
export class ManagedPolicyRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamPolicy;
  readonly arn: string;
  /** The attachment; whatever uses the role's permissions must depend on it, not only on the role. */
  readonly attachment: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: ManagedPolicyRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      ...(props.describeRole ? { description: props.policyDescription } : {}),
      assumeRolePolicy: assumeRolePolicy(props.assumedBy, props.accountId),
      ...(props.roleTags ? { tags: { ...props.roleTags } } : {}),
    });
    this.policy = new IamPolicy(this, "policy", {
      name: props.policyName ?? props.roleName,
      description: props.policyDescription,
      policy: policyDocument(...props.statements),
    });
    this.attachment = new IamRolePolicyAttachment(this, "attachment", { role: this.role.name, policyArn: this.policy.arn });
    this.arn = this.role.arn;
  }
}
