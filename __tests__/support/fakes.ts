import { databaseUsers } from "../../config/derived";
import { PROFILES } from "../../config/profiles";
import type { EnvironmentConfig } from "../../config/types";
import type { DataOutputs } from "../../constructs/contracts";

const ARN = "arn:aws:%s:eu-west-1:123456789012:%s";
const arn = (service: string, resource: string) => ARN.replace("%s", service).replace("%s", resource);

/** Stand-in for the data stack's outputs in unit tests of later stacks: plain strings where the app has tokens. */
export function fakeData(config: EnvironmentConfig): DataOutputs {
  return {
    databaseClusterIdentifier: "payment-db-test",
    databaseClusterEndpoint: "payment-db-test.cluster-abc.eu-west-1.rds.amazonaws.com",
    databaseReaderEndpoint: "payment-db-test.cluster-ro-abc.eu-west-1.rds.amazonaws.com",
    databaseClusterResourceId: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0",
    databasePort: 5432,
    databaseName: "payments",
    databaseUsers: Object.fromEntries(databaseUsers(config).map((u) => [u.service, u.user])),
    databaseKeyArn: arn("kms", "key/db"),
    secretsKeyArn: arn("kms", "key/secrets"),
    logsKeyArn: arn("kms", "key/logs"),
    apiKeysSecretArn: arn("secretsmanager", "secret:api-keys-abc"),
    queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/payment-transactions-test",
    queueArn: arn("sqs", "payment-transactions-test"),
    queueName: "payment-transactions-test",
    deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/payment-transactions-dlq-test",
    deadLetterQueueArn: arn("sqs", "payment-transactions-dlq-test"),
    deadLetterQueueName: "payment-transactions-dlq-test",
    ...(config.cache.enabled
      ? {
          cache: {
            primaryEndpoint: "master.payment-cache-test.abc.euw1.cache.amazonaws.com",
            port: 6379,
            replicationGroupArn: arn("elasticache", "replicationgroup:payment-cache-test"),
            userArn: arn("elasticache", "user:payment-app-test"),
            userName: "payment-app-test",
          },
        }
      : {}),
    albLogBucketName: "payment-alb-logs-test-123456789012",
    accessLogBucketName: "payment-access-logs-test-123456789012",
    ecrRepositories: Object.fromEntries(
      config.compute.services.map((s) => [
        s.name,
        { url: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/payment-${s.name}-test`, arn: arn("ecr", `repository/payment-${s.name}-test`) },
      ]),
    ),
    ecrKeyArn: arn("kms", "key/ecr"),
    ecrRegion: config.compute.ecrShareFrom ? PROFILES[config.compute.ecrShareFrom].region : config.region,
  };
}
