import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, type AwsAccount, type PolicyStatement } from "./iam";

/** A service allowed to use the key, and the condition that keeps it to our resources. */
export interface KeyServiceGrant {
  /** Service principal, e.g. logs.eu-west-1.amazonaws.com */
  readonly service: string;
  readonly actions: readonly string[];
  readonly condition?: PolicyStatement["Condition"];
}

export interface EncryptionKeyProps {
  readonly account: AwsAccount;
  /** alias/payment-<use>-<suffix> */
  readonly alias: string;
  readonly description: string;
  readonly grants?: readonly KeyServiceGrant[];
  /** Further key policy statements (e.g. a Deny that keeps the key to one service). */
  readonly statements?: readonly PolicyStatement[];
  /** Days before a scheduled deletion completes (7 to 30). */
  readonly deletionWindowInDays?: number;
  /** Provider of another region (e.g. us-east-1 for CloudFront-scope logs); the stack's default otherwise. */
  readonly provider?: TerraformProvider;
}

/** Actions a service needs to encrypt and decrypt with a customer-managed key. */
export const ENCRYPT_DECRYPT = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
] as const;

/**
 * Customer-managed KMS key with yearly rotation and an alias. Only the account root holds
 * kms:* (so IAM policies decide who administers it); services get the listed actions.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountRootAdministers",
        Effect: "Allow",
        Principal: { AWS: props.account.rootArn },
        Action: "kms:*",
        Resource: "*",
      },
      ...(props.grants ?? []).map((grant, i) => ({
        Sid: `Service${i}`,
        Effect: "Allow" as const,
        Principal: { Service: grant.service },
        Action: grant.actions,
        Resource: "*",
        ...(grant.condition ? { Condition: grant.condition } : {}),
      })),
      ...(props.statements ?? []),
    ];
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 7,
      policy: policyDocument(...statements),
      provider: props.provider,
    });
    new KmsAlias(this, "alias", { name: props.alias, targetKeyId: this.key.keyId, provider: props.provider });
    this.arn = this.key.arn;
    this.aliasName = props.alias;
  }
}
