import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Puts `allowed_account_ids` on every AWS provider in a scope, aliased ones included and
 * wherever they are created (a stack, or a construct such as the peering's peer-region
 * provider), so credentials for another account stop Terraform before it plans anything.
 * An aspect, not a constructor argument: a provider added later cannot forget it.
 */
export class AccountGuard implements IAspect {
  private constructor(private readonly accountId: string) {}

  /** Guards `scope` when the account is known; without one there is nothing to compare. */
  static apply(scope: IConstruct, accountId: string | undefined): void {
    if (accountId) Aspects.of(scope).add(new AccountGuard(accountId));
  }

  visit(node: IConstruct): void {
    if (!(node instanceof AwsProvider)) return;
    const own = node.allowedAccountIds;
    if (own && (own.length !== 1 || own[0] !== this.accountId)) {
      throw new Error(`${node.node.path} allows accounts ${own.join(", ")}, but this environment deploys to ${this.accountId}`);
    }
    node.allowedAccountIds = [this.accountId];
  }
}
