import { PROFILE_NAMES } from "../../config/types";
import { configFor, onlyResource, resourcesOf, bucketNamed } from "../support/synth";
import { keyArnOf, synthData } from "./fixture";

type Statement = { Sid?: string; Effect: string; Principal?: any; Action: string | string[]; Resource?: any; Condition?: any };
const statementsOf = (policy: string): Statement[] => JSON.parse(policy).Statement;
const actions = (s: Statement) => [s.Action].flat();

describe.each(PROFILE_NAMES)("data stores (%s)", (profile) => {
  const config = configFor(profile);
  const { data: json } = synthData(config);
  const secretsKey = keyArnOf(json, `alias/payment-secrets-${profile}`);
  const logsKey = keyArnOf(json, `alias/payment-logs-${profile}`);
  const keyOf = (arn: string) => json.resource!.aws_kms_key[arn.replace(/^\$\{aws_kms_key\.(.+)\.arn\}$/, "$1")];

  describe("KMS keys", () => {
    const keys = resourcesOf(json, "aws_kms_key").map(([, k]) => k);

    it("are customer keys (backup, db, ecr, secrets, logs, and backup in the DR region) with rotation, under payment aliases", () => {
      const uses = ["backup", ...(config.disasterRecovery ? ["backup"] : []), "db", "ecr", "logs", "secrets"];
      expect(resourcesOf(json, "aws_kms_alias").map(([, a]) => a.name).sort()).toEqual(uses.map((use) => `alias/payment-${use}-${profile}`));
      expect(keys).toHaveLength(uses.length);
      keys.forEach((k) => expect(k.enable_key_rotation).toBe(true));
      keys.forEach((k) => expect(k.deletion_window_in_days).toBe(config.protection ? 30 : 7));
    });

    it("grant kms:* to the account root only", () => {
      for (const key of keys) {
        for (const s of statementsOf(key.policy)) {
          if (actions(s).some((a) => a === "kms:*" || a === "*")) {
            expect(s.Principal).toEqual({ AWS: expect.stringMatching(/^arn:\$\{data\.aws_partition\..+\}:iam::\$\{data\.aws_caller_identity\..+\.account_id\}:root$/) });
          }
          if (s.Principal?.Service) expect(s.Condition).toBeDefined();
        }
      }
    });

    it("let regional CloudWatch Logs use the logs key only for this account's log groups", () => {
      const grant = statementsOf(keyOf(logsKey).policy).find((s) => s.Principal?.Service)!;
      expect(grant.Principal.Service).toBe(`logs.${config.region}.amazonaws.com`);
      expect(grant.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toMatch(
        new RegExp(`^arn:\\$\\{data\\.aws_partition\\..+\\}:logs:${config.region}:\\$\\{data\\.aws_caller_identity\\..+\\}:log-group:\\*$`),
      );
    });

    it("let CloudWatch alarms publish to SNS topics of this account encrypted with the secrets key", () => {
      const grant = statementsOf(keyOf(secretsKey).policy).find((s) => s.Principal?.Service)!;
      expect(grant).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] });
      expect(Object.keys(grant.Condition)).toEqual(["ArnLike"]);
      expect(grant.Condition.ArnLike["kms:EncryptionContext:aws:sns:topicArn"]).toMatch(
        new RegExp(`:sns:${config.region}:\\$\\{data\\.aws_caller_identity\\..+\\}:\\*$`),
      );
    });
  });

  it("creates an empty API-keys secret encrypted with the secrets key", () => {
    expect(onlyResource(json, "aws_secretsmanager_secret")).toMatchObject({
      name: `payment-api-keys-${profile}`,
      kms_key_id: secretsKey,
      recovery_window_in_days: config.protection ? 7 : 0,
    });
    expect(json.resource?.aws_secretsmanager_secret_version).toBeUndefined();
  });

  describe("transactions queue", () => {
    const queues = Object.fromEntries(resourcesOf(json, "aws_sqs_queue").map(([id, q]) => [q.name, { id, ...q }]));
    const main = queues[`payment-transactions-${profile}`];
    const dlq = queues[`payment-transactions-dlq-${profile}`];

    it("encrypts both queues with the secrets key and long-polls", () => {
      for (const q of [main, dlq]) {
        expect(q).toMatchObject({ kms_master_key_id: secretsKey, kms_data_key_reuse_period_seconds: 300, receive_wait_time_seconds: 20 });
      }
      expect(main).toMatchObject({
        visibility_timeout_seconds: config.queue.visibilityTimeoutSeconds,
        message_retention_seconds: config.queue.messageRetentionSeconds,
      });
      expect(dlq.message_retention_seconds).toBe(1209600);
    });

    it("redrives to the DLQ after maxReceiveCount, and the DLQ accepts only this queue", () => {
      expect(JSON.parse(main.redrive_policy)).toEqual({
        deadLetterTargetArn: `\${aws_sqs_queue.${dlq.id}.arn}`,
        maxReceiveCount: config.queue.maxReceiveCount,
      });
      const allow = onlyResource(json, "aws_sqs_queue_redrive_allow_policy");
      expect(allow.queue_url).toBe(`\${aws_sqs_queue.${dlq.id}.url}`);
      expect(JSON.parse(allow.redrive_allow_policy)).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [`\${aws_sqs_queue.${main.id}.arn}`] });
    });

    it("denies non-TLS access to both queues", () => {
      const policies = resourcesOf(json, "aws_sqs_queue_policy").map(([, p]) => p);
      expect(policies.map((p) => p.queue_url).sort()).toEqual([`\${aws_sqs_queue.${dlq.id}.url}`, `\${aws_sqs_queue.${main.id}.url}`]);
      for (const p of policies) {
        expect(statementsOf(p.policy)).toEqual([
          expect.objectContaining({ Effect: "Deny", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]);
      }
    });
  });

  describe("ALB access-log bucket", () => {
    const { bucket, attached } = bucketNamed(json, "payment-alb-logs-");
    const statements = statementsOf(attached("aws_s3_bucket_policy").policy);
    const logPath = /^\$\{aws_s3_bucket\..+\.arn\}\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\..+\.account_id\}\/\*$/;

    it("is named per account, destroyable unless protected, SSE-S3 (ELB supports nothing else)", () => {
      expect(bucket.bucket).toMatch(new RegExp(`^payment-alb-logs-${profile}-\\$\\{data\\.aws_caller_identity\\..+\\.account_id\\}$`));
      expect(bucket.force_destroy).toBe(!config.protection);
      const sse = attached("aws_s3_bucket_server_side_encryption_configuration");
      expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    });

    it("expires logs after the profile's log retention and old versions after 30 days", () => {
      const [rule] = attached("aws_s3_bucket_lifecycle_configuration").rule;
      expect(rule.expiration).toEqual([{ days: config.logRetentionDays }]);
      expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    });

    it("lets ELB log delivery write only under alb/AWSLogs/<account>/, as service and as regional account", () => {
      const writers = statements.filter((s) => s.Effect === "Allow");
      expect(writers.map((s) => s.Principal)).toEqual([
        { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        { AWS: expect.stringMatching(/^\$\{data\.aws_elb_service_account\..+\.arn\}$/) },
      ]);
      writers.forEach((s) => expect(s).toMatchObject({ Action: "s3:PutObject", Resource: expect.stringMatching(logPath) }));
      expect(statements[0]).toMatchObject({ Sid: "DenyInsecureTransport", Effect: "Deny" });
    });
  });

  it("keeps every log group the profile's log retention, encrypted with the logs key", () => {
    const groups = resourcesOf(json, "aws_cloudwatch_log_group").map(([, g]) => g);
    // Database, database-roles function, and the cache's slow log when there is a cache.
    expect(groups.length).toBe(config.cache.enabled ? 3 : 2);
    groups.forEach((g) => expect(g).toMatchObject({ retention_in_days: config.logRetentionDays, kms_key_id: logsKey }));
  });
});
