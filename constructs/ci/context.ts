/** What every CI policy is scoped by: this account, this partition, the platform's names. */
export interface CiScope {
  readonly partition: string;
  readonly accountId: string;
}

/** arn:<partition>:<service>:<region>:<account>:<resource>, region `*` for every region the platform uses. */
export function arnIn(scope: CiScope, service: string, resource: string, region = "*"): string {
  return `arn:${scope.partition}:${service}:${region}:${scope.accountId}:${resource}`;
}

/** Global services (IAM, S3, Route 53) leave the region out of their ARNs; S3 and Route 53 the account too. */
export function globalArn(scope: CiScope, service: string, resource: string, withAccount = true): string {
  return `arn:${scope.partition}:${service}::${withAccount ? scope.accountId : ""}:${resource}`;
}

/** Every platform name starts with this (payment-<thing>-<suffix>); KMS aliases with alias/payment-. */
export const NAME_PREFIX = "payment-";
