import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";

/**
 * The only actions granted on Resource "*", each with the reason no narrower resource exists.
 * The policy suite (__tests__/policy) treats any other "*" resource as a failure.
 */
export const WILDCARD_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
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
  readonly Principal?: "*" | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[] };
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

export interface ManagedPolicyRoleProps {
  readonly roleName: string;
  /** Service principal that assumes the role, e.g. ecs-tasks.amazonaws.com */
  readonly assumedBy: string;
  /** Restricts the trust to requests on behalf of this account (aws:SourceAccount). */
  readonly accountId: string;
  /** Physical name of the customer-managed policy (unique in the account). */
  readonly policyName: string;
  readonly policyDescription: string;
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
      assumeRolePolicy: assumeRolePolicy(props.assumedBy, props.accountId),
      ...(props.roleTags ? { tags: { ...props.roleTags } } : {}),
    });
    this.policy = new IamPolicy(this, "policy", {
      name: props.policyName,
      description: props.policyDescription,
      policy: policyDocument(...props.statements),
    });
    this.attachment = new IamRolePolicyAttachment(this, "attachment", { role: this.role.name, policyArn: this.policy.arn });
    this.arn = this.role.arn;
  }
}
