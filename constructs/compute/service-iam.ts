import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { assumeRolePolicy, policyDocument, type PolicyStatement } from "../iam";

const ECS_TASKS = "ecs-tasks.amazonaws.com";

export interface EcsRoleProps {
  readonly roleName: string;
  readonly accountId: string;
  /** Inline policy name (unique per role). */
  readonly policyName: string;
  readonly statements: readonly PolicyStatement[];
}

/**
 * A role ECS tasks assume (the shared execution role, or one service's task role), trusted
 * only from this account, with one inline policy so the permissions live next to the role.
 */
export class EcsRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EcsRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      assumeRolePolicy: assumeRolePolicy(ECS_TASKS, props.accountId),
    });
    new IamRolePolicy(this, "policy", {
      role: this.role.id,
      name: props.policyName,
      policy: policyDocument(...props.statements),
    });
    this.arn = this.role.arn;
  }
}
