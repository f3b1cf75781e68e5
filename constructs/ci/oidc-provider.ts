import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import type { OidcProviderMode } from "../../config/types";

/** GitHub Actions' OIDC issuer and the audience configure-aws-credentials requests. */
export const GITHUB_OIDC = {
  host: "token.actions.githubusercontent.com",
  url: "https://token.actions.githubusercontent.com",
  audience: "sts.amazonaws.com",
} as const;

export interface GithubOidcProviderProps {
  /** An account holds one provider per issuer: create it, or look up the one already there. */
  readonly mode: OidcProviderMode;
}

/**
 * The account's identity provider for GitHub Actions tokens. No thumbprint: IAM trusts
 * GitHub's certificate through its own CA library, and provider 5.x makes the list optional.
 */
export class GithubOidcProvider extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: GithubOidcProviderProps) {
    super(scope, id);
    this.arn =
      props.mode === "create"
        ? new IamOpenidConnectProvider(this, "provider", { url: GITHUB_OIDC.url, clientIdList: [GITHUB_OIDC.audience] }).arn
        : new DataAwsIamOpenidConnectProvider(this, "provider", { url: GITHUB_OIDC.url }).arn;
  }
}
