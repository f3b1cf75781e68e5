import { Construct } from "constructs";
import type { AwsAccount } from "../iam";
import { ENCRYPT_DECRYPT, EncryptionKey } from "../kms-key";

export interface DataKeysProps {
  readonly account: AwsAccount;
  readonly region: string;
  /** alias/payment-<use>-<suffix> for a key use. */
  readonly alias: (use: string) => string;
  /** Longer deletion window for protected environments. */
  readonly protection: boolean;
}

/**
 * The three customer-managed keys of the data tier.
 *
 * Only principals that cannot carry an IAM policy get a statement in the key policy: the
 * regional CloudWatch Logs service and CloudWatch alarms. RDS, Performance Insights,
 * Secrets Manager, SQS and ElastiCache use a key through the calling role (grants made with
 * its credentials), so the root statement delegates to IAM and the roles' own policies pin
 * kms:ViaService. An extra `Principal: "*"` + kms:CallerAccount + kms:ViaService statement,
 * as AWS-managed keys carry, would let every principal in the account use the key through
 * that service without any IAM permission: wider, not narrower.
 */
export class DataKeys extends Construct {
  /** Aurora storage and Performance Insights. */
  readonly db: EncryptionKey;
  /** Secrets, queues, the cache and the alarm topic. */
  readonly secrets: EncryptionKey;
  /** CloudWatch log groups of every stack in this environment. */
  readonly logs: EncryptionKey;

  constructor(scope: Construct, id: string, props: DataKeysProps) {
    super(scope, id);
    const { account, region } = props;
    const common = { account, deletionWindowInDays: props.protection ? 30 : 7 };

    this.db = new EncryptionKey(this, "db", {
      ...common,
      alias: props.alias("db"),
      description: "Aurora PostgreSQL storage and Performance Insights",
    });

    this.secrets = new EncryptionKey(this, "secrets", {
      ...common,
      alias: props.alias("secrets"),
      description: "Secrets Manager secrets, SQS queues, ElastiCache and the alarm topic",
      grants: [
        {
          // CloudWatch alarms publish to the SSE-KMS alarm topic. SNS puts the topic ARN in
          // the encryption context, which keeps this to topics of this account and region
          // (CloudWatch does not document aws:SourceAccount on this path, so it is not used).
          service: "cloudwatch.amazonaws.com",
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          condition: { ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": account.arn("sns", region, "*") } },
        },
      ],
    });

    this.logs = new EncryptionKey(this, "logs", {
      ...common,
      alias: props.alias("logs"),
      description: "CloudWatch log groups (database, cache, containers)",
      grants: [
        {
          service: `logs.${region}.amazonaws.com`,
          actions: ENCRYPT_DECRYPT,
          condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": account.arn("logs", region, "log-group:*") } },
        },
      ],
    });
  }
}
