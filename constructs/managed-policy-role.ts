import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { assumeRolePolicy, policyDocument, type PolicyStatement } from "./iam";

export interface ManagedPolicyRoleProps {
  /** Role name; the policy gets the same name. */
  readonly name: string;
  /** Service principal that assumes the role, e.g. lambda.amazonaws.com. */
  readonly service: string;
  /** Trust only requests made on behalf of this account (aws:SourceAccount). */
  readonly accountId: string;
  readonly description: string;
  readonly statements: readonly PolicyStatement[];
}

/**
 * A role one AWS service assumes, with its permissions in one customer-managed policy: a
 * versioned document an auditor can review and diff on its own, not an inline blob.
 */
export class ManagedPolicyRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamPolicy;
  /** Depend on this before using the role: the policy is attached only after the role exists. */
  readonly attachment: IamRolePolicyAttachment;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ManagedPolicyRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: assumeRolePolicy(props.service, props.accountId),
    });
    this.policy = new IamPolicy(this, "policy", {
      name: props.name,
      description: props.description,
      policy: policyDocument(...props.statements),
    });
    this.attachment = new IamRolePolicyAttachment(this, "attachment", { role: this.role.name, policyArn: this.policy.arn });
    this.arn = this.role.arn;
  }
}
