import type { Construct } from "constructs";
import { ManagedPolicyRole, type PolicyStatement } from "../iam";

export const ECS_TASKS = "ecs-tasks.amazonaws.com";
/** Role tag naming the service a role belongs to; ECR repository policies match on it. */
export const SERVICE_TAG = "PaymentService";

export interface EcsRoleProps {
  readonly roleName: string;
  readonly accountId: string;
  /** Name of the role's customer-managed policy (unique in the account). */
  readonly policyName: string;
  /** What the policy is for, shown in IAM next to the document. */
  readonly purpose: string;
  readonly statements: readonly PolicyStatement[];
  /** The service the role belongs to (the SERVICE_TAG tag). */
  readonly service: string;
}

/**
 * A role ECS tasks assume (one service's execution role or task role), trusted only from this
 * account, with one customer-managed policy of its own.
 */
export class EcsRole extends ManagedPolicyRole {
  constructor(scope: Construct, id: string, props: EcsRoleProps) {
    super(scope, id, {
      roleName: props.roleName,
      assumedBy: ECS_TASKS,
      accountId: props.accountId,
      policyName: props.policyName,
      policyDescription: props.purpose,
      statements: props.statements,
      roleTags: { [SERVICE_TAG]: props.service },
    });
  }
}
