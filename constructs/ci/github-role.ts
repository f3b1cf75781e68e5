import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { CiNames } from "../../config/names";
import { policyDocument, type PolicyStatement } from "../iam";

/** IAM's limit on a customer-managed policy document, whitespace excluded. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

export interface GithubRoleProps {
  readonly roleName: string;
  readonly description: string;
  readonly trustPolicy: string;
  readonly maxSessionSeconds: number;
  /** One customer-managed policy per part, named <role>-<part>. */
  readonly policies: Readonly<Record<string, readonly PolicyStatement[]>>;
  /** Policies created elsewhere (e.g. the shared read policy) to attach as well, by name. */
  readonly sharedPolicies?: Readonly<Record<string, string>>;
}

/**
 * A role GitHub Actions assumes through OIDC, with its permissions as customer-managed
 * policies an auditor can review one by one (IAM caps a role at 10 attached policies).
 */
export class GithubRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  readonly policies: Record<string, IamPolicy> = {};

  constructor(scope: Construct, id: string, props: GithubRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: props.trustPolicy,
      maxSessionDuration: props.maxSessionSeconds,
    });
    this.arn = this.role.arn;
    const attached: Record<string, string> = { ...props.sharedPolicies };
    for (const [part, statements] of Object.entries(props.policies)) {
      const policy = new IamPolicy(this, `policy-${part}`, { name: CiNames.policy(props.roleName, part), policy: policyDocument(...statements) });
      this.policies[part] = policy;
      attached[part] = policy.arn;
    }
    const count = Object.keys(attached).length;
    if (count > 10) throw new Error(`${props.roleName}: ${count} managed policies; IAM attaches at most 10 to a role`);
    for (const [name, policyArn] of Object.entries(attached)) {
      new IamRolePolicyAttachment(this, `attach-${name}`, { role: this.role.name, policyArn });
    }
  }
}
