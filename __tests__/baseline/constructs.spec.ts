import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { AccessLogBucket } from "../../constructs/access-log-bucket";
import { SecurityAlertTopic } from "../../constructs/baseline/alert-topic";
import { AuditBucket, type AuditWriter } from "../../constructs/baseline/audit-bucket";
import { AuditTrail, trailArn } from "../../constructs/baseline/audit-trail";
import { ConfigRecorder } from "../../constructs/baseline/config-recorder";
import { RegionalBaseline } from "../../constructs/baseline/regional-baseline";
import { SECURITY_HUB_STANDARDS, SecurityHubStandards } from "../../constructs/baseline/security-hub";
import { GUARDDUTY_FEATURES, HIGH_SEVERITY, ThreatDetection } from "../../constructs/baseline/threat-detection";
import { TRAIL_ALARMS, TrailAlarms } from "../../constructs/baseline/trail-alarms";
import { AwsAccount } from "../../constructs/iam";
import { SecureBucket } from "../../constructs/secure-bucket";
import { onlyResource, resourcesOf, type TfJson } from "../support/synth";

/** One construct synthesized alone, with the account data sources it needs. */
function synth(build: (scope: Construct, account: AwsAccount) => void): TfJson {
  return JSON.parse(Testing.synthScope((scope) => build(scope, new AwsAccount(scope, "account")))) as TfJson;
}
const statements = (json: TfJson, type: string) => JSON.parse(onlyResource(json, type).policy).Statement as any[];
const ref = (type: string) => expect.stringMatching(new RegExp(`^\\$\\{${type}\\.`));

describe("SecureBucket", () => {
  it("logs to its access-log target under its own name and takes Object Lock only when asked", () => {
    const json = synth((s) => {
      new SecureBucket(s, "b", {
        bucketName: "payment-x-dev",
        noncurrentVersionExpiryDays: 7,
        forceDestroy: false,
        accessLogs: { bucketName: "payment-access-logs-dev" },
        objectLock: { mode: "GOVERNANCE", days: 365 },
      });
    });
    expect(onlyResource(json, "aws_s3_bucket")).toMatchObject({ bucket: "payment-x-dev", object_lock_enabled: true });
    expect(onlyResource(json, "aws_s3_bucket_logging")).toMatchObject({
      target_bucket: "payment-access-logs-dev",
      target_prefix: "payment-x-dev/",
      target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
    });
    expect(onlyResource(json, "aws_s3_bucket_object_lock_configuration").rule).toEqual({ default_retention: { mode: "GOVERNANCE", days: 365 } });
    expect(onlyResource(json, "aws_s3_bucket_object_lock_configuration").depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
  });

  it("has no logging and no lock by default", () => {
    const json = synth((s) => void new SecureBucket(s, "b", { bucketName: "b", noncurrentVersionExpiryDays: 7, forceDestroy: true }));
    expect(resourcesOf(json, "aws_s3_bucket_logging")).toEqual([]);
    expect(resourcesOf(json, "aws_s3_bucket_object_lock_configuration")).toEqual([]);
    expect(onlyResource(json, "aws_s3_bucket")).not.toHaveProperty("object_lock_enabled");
  });
});

describe("AccessLogBucket", () => {
  const json = synth((s, account) => {
    new AccessLogBucket(s, "logs", { bucketName: "payment-access-logs-dev", account, sourceBucketArns: ["arn:aws:s3:::payment-a-dev"], expireAfterDays: 30, forceDestroy: true });
  });

  it("is SSE-S3 (all S3 log delivery supports), expires logs and logs nowhere itself", () => {
    expect(onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: 30 }]);
    expect(resourcesOf(json, "aws_s3_bucket_logging")).toEqual([]);
    expect(onlyResource(json, "aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerEnforced");
  });

  it("admits only S3 log delivery from the named buckets of this account, by policy (no ACLs)", () => {
    expect(statements(json, "aws_s3_bucket_policy")[1]).toEqual({
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: expect.stringMatching(/\.arn\}\/\*$/),
      Condition: { ArnLike: { "aws:SourceArn": ["arn:aws:s3:::payment-a-dev"] }, StringEquals: { "aws:SourceAccount": expect.stringContaining("aws_caller_identity") } },
    });
  });

  it("matches its snapshot", () => expect(json.resource).toMatchSnapshot());
});

describe("AuditBucket", () => {
  const bucket = (writer: AuditWriter, objectLock?: { mode: "GOVERNANCE"; days: number }) =>
    synth((s, account) => {
      new AuditBucket(s, "audit", {
        account,
        bucketName: "payment-audit-prod",
        kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k",
        writer,
        expireAfterDays: 365,
        objectLock,
        accessLogs: { bucketName: "payment-audit-access-logs-prod" },
        forceDestroy: false,
      });
    });
  const trail = bucket({ service: "cloudtrail", trailArn: "arn:aws:cloudtrail:us-east-1:1:trail/t" }, { mode: "GOVERNANCE", days: 365 });
  const allows = (json: TfJson) => statements(json, "aws_s3_bucket_policy").filter((st) => st.Effect === "Allow");

  it("lets CloudTrail check and write only as the one trail, under AWSLogs/<account>/", () => {
    expect(allows(trail).map((st) => [st.Sid, st.Principal.Service])).toEqual([
      ["CloudTrailAclCheck", "cloudtrail.amazonaws.com"],
      ["CloudTrailWrite", "cloudtrail.amazonaws.com"],
    ]);
    expect(allows(trail)[1].Condition.StringEquals).toEqual({ "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:1:trail/t", "s3:x-amz-acl": "bucket-owner-full-control" });
    expect(allows(trail)[1].Resource).toMatch(/\/AWSLogs\/\$\{data\.aws_caller_identity\..+\.account_id\}\/\*$/);
  });

  it("lets AWS Config of this account write only under AWSLogs/<account>/Config/, and refuses Object Lock for it", () => {
    const json = bucket({ service: "config" });
    expect(allows(json).map((st) => [st.Sid, st.Action])).toEqual([["ConfigAclCheck", ["s3:GetBucketAcl", "s3:ListBucket"]], ["ConfigWrite", "s3:PutObject"]]);
    expect(allows(json)[1].Resource).toMatch(/\/AWSLogs\/\$\{data\.aws_caller_identity\..+\.account_id\}\/Config\/\*$/);
    expect(allows(json)[1].Condition.StringEquals["aws:SourceAccount"]).toMatch(/aws_caller_identity/);
    expect(() => bucket({ service: "config" }, { mode: "GOVERNANCE", days: 1 })).toThrow(/AWS Config does not deliver to a bucket with Object Lock/);
  });

  it("is KMS-encrypted, Object-Locked when asked, logged and kept the retention", () => {
    expect(onlyResource(trail, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:us-east-1:1:key/k" });
    expect(onlyResource(trail, "aws_s3_bucket_object_lock_configuration").rule.default_retention).toEqual({ mode: "GOVERNANCE", days: 365 });
    expect(onlyResource(trail, "aws_s3_bucket_logging").target_bucket).toBe("payment-audit-access-logs-prod");
    expect(onlyResource(trail, "aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: 365 }]);
  });
});

describe("AuditTrail", () => {
  const json = synth((s, account) => {
    new AuditTrail(s, "trail", {
      account,
      region: "us-east-1",
      trailName: "payment-trail-prod",
      bucketName: "payment-audit-prod",
      kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k",
      logGroupName: "/aws/cloudtrail/payment-trail-prod",
      retentionInDays: 365,
      roleName: "payment-trail-logs-prod",
      dependsOn: [],
    });
  });

  it("is one multi-region trail with global events, log file validation, KMS and CloudWatch Logs delivery", () => {
    expect(onlyResource(json, "aws_cloudtrail")).toMatchObject({
      name: "payment-trail-prod",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: "arn:aws:kms:us-east-1:1:key/k",
      cloud_watch_logs_group_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..+\.arn\}:\*$/),
      cloud_watch_logs_role_arn: ref("aws_iam_role"),
    });
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ retention_in_days: 365, kms_key_id: "arn:aws:kms:us-east-1:1:key/k" });
  });

  it("writes logs through a customer-managed policy scoped to the log group's streams", () => {
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual([]);
    expect(statements(json, "aws_iam_policy")).toEqual([
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: expect.stringMatching(/\.arn\}:log-stream:\*$/) },
    ]);
    expect(JSON.parse(onlyResource(json, "aws_iam_role").assume_role_policy).Statement[0].Principal).toEqual({ Service: "cloudtrail.amazonaws.com" });
  });

  it("names its ARN before it exists", () => {
    const arn = synth((s, account) => {
      new AuditBucket(s, "b", { account, bucketName: "b", kmsKeyArn: "k", writer: { service: "cloudtrail", trailArn: trailArn(account, "eu-west-1", "t") }, expireAfterDays: 1, accessLogs: { bucketName: "l" }, forceDestroy: true });
    });
    expect(JSON.stringify(arn)).toMatch(/arn:\$\{data\.aws_partition\.[^}]+\}:cloudtrail:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:trail\/t/);
  });
});

describe("TrailAlarms", () => {
  const json = synth((s) => void new TrailAlarms(s, "alarms", { logGroupName: "/aws/cloudtrail/t", name: (a) => `payment-${a}-dev`, topicArn: "arn:aws:sns:eu-west-1:1:alerts" }));

  it("filters the trail for each event and alarms on the first match", () => {
    const filters = resourcesOf(json, "aws_cloudwatch_log_metric_filter").map(([, f]) => f);
    expect(filters.map((f) => f.pattern).sort()).toEqual(Object.values(TRAIL_ALARMS).map((a) => a.pattern).sort());
    expect(filters.every((f) => f.log_group_name === "/aws/cloudtrail/t")).toBe(true);
    for (const [, alarm] of resourcesOf(json, "aws_cloudwatch_metric_alarm")) {
      expect(alarm).toMatchObject({ threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", treat_missing_data: "notBreaching", alarm_actions: ["arn:aws:sns:eu-west-1:1:alerts"] });
    }
    expect(TRAIL_ALARMS["root-activity"].pattern).toContain('$.userIdentity.type = "Root"');
    expect(TRAIL_ALARMS["cloudtrail-changes"].pattern).toContain("StopLogging");
    expect(TRAIL_ALARMS["iam-policy-changes"].pattern).toContain("AttachRolePolicy");
  });
});

describe("SecurityAlertTopic", () => {
  const json = synth((s, account) => void new SecurityAlertTopic(s, "t", { account, region: "eu-west-1", name: "payment-security-alerts-dev", keyAlias: "alias/a", notify: { emails: ["sec@example.org"], httpsEndpoint: "https://events.pagerduty.com/integration/x/enqueue" }, deletionWindowInDays: 7 }));

  it("lets CloudWatch and EventBridge publish, on the topic and on its key", () => {
    const publishers = ["cloudwatch.amazonaws.com", "events.amazonaws.com"];
    expect(statements(json, "aws_sns_topic_policy").filter((st) => st.Effect === "Allow").map((st) => st.Principal.Service)).toEqual(publishers);
    const key = JSON.parse(onlyResource(json, "aws_kms_key").policy).Statement.filter((st: any) => st.Principal.Service);
    expect(key.map((st: any) => [st.Principal.Service, st.Action])).toEqual(publishers.map((p) => [p, ["kms:Decrypt", "kms:GenerateDataKey*"]]));
    expect(key.map((st: any) => st.Condition.ArnEquals["kms:EncryptionContext:aws:sns:topicArn"])).toEqual(
      publishers.map(() => expect.stringMatching(/^arn:\$\{data\.aws_partition\..+\}:sns:eu-west-1:\$\{data\.aws_caller_identity\..+\}:payment-security-alerts-dev$/)),
    );
    expect(onlyResource(json, "aws_sns_topic").kms_master_key_id).toEqual(ref("aws_kms_key"));
    expect(resourcesOf(json, "aws_sns_topic_subscription").map(([, s]) => [s.protocol, s.endpoint])).toEqual([
      ["email", "sec@example.org"],
      ["https", "https://events.pagerduty.com/integration/x/enqueue"],
    ]);
  });
});

describe("ThreatDetection", () => {
  const json = synth((s) => void new ThreatDetection(s, "gd", { ruleName: "payment-guardduty-findings-dev", alertTopicArn: "arn:aws:sns:eu-west-1:1:t" }));

  it("enables the detector and each protection plan as a feature", () => {
    expect(onlyResource(json, "aws_guardduty_detector").enable).toBe(true);
    const features = resourcesOf(json, "aws_guardduty_detector_feature").map(([, f]) => f);
    const rendered = features.map((f) => [f.name, f.status, (f.additional_configuration ?? []).map((c: any) => `${c.name}=${c.status}`)]);
    const expected = Object.entries(GUARDDUTY_FEATURES).map(([name, extra]) => [name, "ENABLED", extra.map((x) => `${x}=ENABLED`)]);
    expect(rendered).toEqual(expect.arrayContaining(expected));
    expect(rendered).toHaveLength(expected.length);
  });

  it("sends findings of high severity and above to the topic", () => {
    expect(JSON.parse(onlyResource(json, "aws_cloudwatch_event_rule").event_pattern)).toEqual({
      source: ["aws.guardduty"],
      "detail-type": ["GuardDuty Finding"],
      detail: { severity: [{ numeric: [">=", HIGH_SEVERITY] }] },
    });
    expect(onlyResource(json, "aws_cloudwatch_event_target").arn).toBe("arn:aws:sns:eu-west-1:1:t");
  });
});

describe("ConfigRecorder and SecurityHubStandards", () => {
  it("records every resource type, delivers encrypted and starts only after the channel exists", () => {
    const json = synth((s) => void new ConfigRecorder(s, "c", { name: "payment-config-dev", roleArn: "r", bucketName: "b", kmsKeyArn: "k", recordGlobalResources: true }));
    expect(onlyResource(json, "aws_config_configuration_recorder").recording_group).toEqual({ all_supported: true, include_global_resource_types: true });
    expect(onlyResource(json, "aws_config_delivery_channel")).toMatchObject({ s3_bucket_name: "b", s3_kms_key_arn: "k" });
    expect(onlyResource(json, "aws_config_configuration_recorder_status")).toMatchObject({ is_enabled: true, depends_on: [expect.stringContaining("aws_config_delivery_channel.")] });
  });

  it("subscribes FSBP and PCI DSS v4.0.1 in its region without the default standards", () => {
    const json = synth((s) => void new SecurityHubStandards(s, "h", { partition: "aws", region: "eu-west-1", dependsOn: [] }));
    expect(onlyResource(json, "aws_securityhub_account")).toMatchObject({ enable_default_standards: false, control_finding_generator: "SECURITY_CONTROL" });
    expect(resourcesOf(json, "aws_securityhub_standards_subscription").map(([, sub]) => sub.standards_arn)).toEqual([
      "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1",
    ]);
    expect(Object.keys(SECURITY_HUB_STANDARDS)).toHaveLength(2);
  });
});

describe("RegionalBaseline", () => {
  const json = synth((s, account) => {
    new RegionalBaseline(s, "r", {
      account,
      region: "us-west-2",
      name: (thing) => `payment-${thing}-prod`,
      keyAlias: "alias/payment-security-alerts-prod",
      notify: {},
      keyDeletionWindowInDays: 30,
      audit: { bucketName: "payment-audit-prod", kmsKeyArn: "k" },
      configRoleArn: "r",
      home: false,
    });
  });

  it("runs GuardDuty, Config (no global resources outside home), Security Hub and an account analyzer", () => {
    expect(resourcesOf(json, "aws_guardduty_detector")).toHaveLength(1);
    expect(onlyResource(json, "aws_config_configuration_recorder").recording_group.include_global_resource_types).toBe(false);
    expect(resourcesOf(json, "aws_securityhub_standards_subscription")).toHaveLength(2);
    expect(onlyResource(json, "aws_securityhub_account").depends_on).toEqual([expect.stringContaining("aws_config_configuration_recorder_status.")]);
    expect(onlyResource(json, "aws_accessanalyzer_analyzer")).toMatchObject({ analyzer_name: "payment-access-analyzer-prod", type: "ACCOUNT" });
    expect(onlyResource(json, "aws_kms_key").deletion_window_in_days).toBe(30);
  });

  it("matches its snapshot", () => expect(json.resource).toMatchSnapshot());
});
