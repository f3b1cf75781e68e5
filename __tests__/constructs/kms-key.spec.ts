import { AwsAccount } from "../../constructs/iam";
import { ENCRYPT_DECRYPT, EncryptionKey } from "../../constructs/kms-key";
import { onlyResource, snapshotView, synthConstruct } from "../support/synth";

describe("EncryptionKey (synthScope)", () => {
  const json = synthConstruct((scope) => {
    new EncryptionKey(scope, "logs", {
      account: new AwsAccount(scope, "account"),
      alias: "alias/payment-logs-test",
      description: "CloudWatch Logs",
      grants: [{ service: "logs.eu-west-1.amazonaws.com", actions: ENCRYPT_DECRYPT, condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:*" } } }],
    });
  });
  const key = onlyResource(json, "aws_kms_key");
  const policy = JSON.parse(key.policy);

  it("rotates yearly and waits the default 7 days before deletion", () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(7);
  });

  it("lets only the account root administer the key and each granted service use it", () => {
    const [root, service] = policy.Statement;
    expect(root).toMatchObject({ Principal: { AWS: expect.stringContaining(":root") }, Action: "kms:*" });
    expect(service).toMatchObject({ Principal: { Service: "logs.eu-west-1.amazonaws.com" }, Action: [...ENCRYPT_DECRYPT] });
    expect(service.Condition.ArnLike).toBeDefined();
    expect(policy.Statement).toHaveLength(2);
  });

  it("names the key through its alias", () => {
    expect(onlyResource(json, "aws_kms_alias")).toMatchObject({ name: "alias/payment-logs-test", target_key_id: expect.stringContaining("aws_kms_key.") });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});
