import { FAILOVER_STATUS_CODES } from "../../constructs/edge/distribution";
import { PROFILE_NAMES } from "../../config/types";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { byName, DISTRIBUTION_ARN, distributionOf, edge, statementsOf } from "./fixture";

const withReplica = PROFILE_NAMES.filter((p) => configFor(p).edge.frontendReplicaRegion);
const withoutReplica = PROFILE_NAMES.filter((p) => !configFor(p).edge.frontendReplicaRegion);

describe("the frontend's disaster-recovery replica", () => {
  it("exists in prod only, as shipped", () => {
    expect(withReplica).toEqual(["prod"]);
  });

  describe.each(withoutReplica)("without one (%s)", (profile) => {
    const json = edge(profile);
    it("has no replication, replica provider or origin group", () => {
      expect(resourcesOf(json, "aws_s3_bucket_replication_configuration")).toEqual([]);
      expect(json.provider!.aws.every((p) => [configFor(profile).region, "us-east-1"].includes(p.region))).toBe(true);
      expect(distributionOf(json).origin_group).toBeUndefined();
      expect(json.output!.frontend_replica_bucket_name).toBeUndefined();
    });
  });

  describe.each(withReplica)("with one (%s)", (profile) => {
    const json = edge(profile);
    const config = configFor(profile);
    const region = config.edge.frontendReplicaRegion!;
    const DR = `aws.${region.replace(/-/g, "_")}`;
    const replicaBucket = resourcesOf(json, "aws_s3_bucket").find(([id]) => id.startsWith("frontend-replica_"))!;
    const replicaKeyAlias = byName(json, "aws_kms_alias", `alias/payment-frontend-replica-${profile}`);
    const replicaKeyId = /aws_kms_key\.(\S+?)\.key_id/.exec(replicaKeyAlias.target_key_id)![1];

    it("lives in the DR region through a provider with the main provider's settings", () => {
      const providers = json.provider!.aws;
      const [main, dr] = [providers.find((p) => !p.alias)!, providers.find((p) => p.region === region)!];
      expect(dr.region).toBe(region);
      expect(dr.default_tags).toEqual(main.default_tags);
      expect(dr.allowed_account_ids).toEqual(main.allowed_account_ids);
      const inDr = resourcesOf(json, "aws_s3_bucket").concat(resourcesOf(json, "aws_kms_key"), resourcesOf(json, "aws_s3_bucket_policy"));
      const drResources = inDr.filter(([id]) => id.startsWith("frontend-replica_"));
      expect(drResources.length).toBeGreaterThanOrEqual(3);
      drResources.forEach(([, r]) => expect(r.provider).toBe(DR));
      expect(replicaBucket[1]).toMatchObject({ bucket: expect.stringMatching(new RegExp(`^payment-frontend-replica-${profile}-`)), force_destroy: !config.protection });
    });

    it("is encrypted with its own key, which CloudFront may only decrypt for this distribution", () => {
      const sse = resourcesOf(json, "aws_s3_bucket_server_side_encryption_configuration").find(([id]) => id.startsWith("frontend-replica_"))![1];
      expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.${replicaKeyId}.arn}` });
      expect(replicaKeyAlias.provider).toBe(DR);
      const grant = statementsOf(json.resource!.aws_kms_key[replicaKeyId].policy).find((s) => s.Principal.Service);
      expect(grant).toMatchObject({ Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["kms:Decrypt"] });
      expect(grant.Condition.StringEquals["AWS:SourceArn"]).toMatch(DISTRIBUTION_ARN);
    });

    it("is read by CloudFront through the same origin access control, failing over on server errors", () => {
      const distribution = distributionOf(json);
      const replicaOrigin = distribution.origin.find((o: any) => o.origin_id === "frontend-replica");
      expect(replicaOrigin.domain_name).toBe(`\${aws_s3_bucket.${replicaBucket[0]}.bucket_regional_domain_name}`);
      expect(replicaOrigin.origin_access_control_id).toBe(distribution.origin.find((o: any) => o.origin_id === "frontend-bucket").origin_access_control_id);
      expect(distribution.origin_group).toEqual([
        { origin_id: "frontend-failover", failover_criteria: { status_codes: [...FAILOVER_STATUS_CODES] }, member: [{ origin_id: "frontend-bucket" }, { origin_id: "frontend-replica" }] },
      ]);
      expect(distribution.default_cache_behavior.target_origin_id).toBe("frontend-failover");
    });

    it("is filled by replication of every version and delete marker, re-encrypted with the replica's key", () => {
      const replication = onlyResource(json, "aws_s3_bucket_replication_configuration");
      expect(replication.provider).toBeUndefined();
      expect(replication.bucket).toMatch(/^\$\{aws_s3_bucket\.frontend_bucket_\w+\.id\}$/);
      expect(replication.rule).toEqual([
        {
          id: "replicate-everything",
          status: "Enabled",
          filter: { prefix: "" },
          delete_marker_replication: { status: "Enabled" },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
          destination: {
            bucket: `\${aws_s3_bucket.${replicaBucket[0]}.arn}`,
            storage_class: "STANDARD",
            encryption_configuration: { replica_kms_key_id: `\${aws_kms_key.${replicaKeyId}.arn}` },
          },
        },
      ]);
      expect(replication.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_versioning\.frontend_bucket_/), expect.stringMatching(/^aws_s3_bucket_versioning\.frontend-replica_bucket_/)]),
      );
    });

    it("replicates as a role with one customer-managed policy, trusted by S3 for this account only", () => {
      const role = byName(json, "aws_iam_role", `payment-frontend-replication-${profile}`);
      const [trust] = statementsOf(role.assume_role_policy);
      expect(trust).toMatchObject({ Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": expect.any(String) } } });
      expect(resourcesOf(json, "aws_iam_role_policy")).toEqual([]);
      const policy = byName(json, "aws_iam_policy", `payment-frontend-replication-${profile}`);
      const attachment = onlyResource(json, "aws_iam_role_policy_attachment");
      expect(attachment.policy_arn).toMatch(/aws_iam_policy\..+\.arn/);
      const statements = statementsOf(policy.policy);
      const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
      expect(Object.keys(bySid).sort()).toEqual(["DecryptSource", "EncryptReplicas", "ReadReplicationConfiguration", "ReadSourceVersions", "WriteReplicas"]);
      statements.forEach((s) => expect(JSON.stringify(s.Resource)).not.toBe('"*"'));
      expect(bySid.WriteReplicas.Resource).toBe(`\${aws_s3_bucket.${replicaBucket[0]}.arn}/*`);
      expect(bySid.DecryptSource).toMatchObject({ Action: ["kms:Decrypt"], Condition: { StringEquals: { "kms:ViaService": `s3.${config.region}.amazonaws.com` } } });
      expect(bySid.EncryptReplicas).toMatchObject({
        Action: ["kms:Encrypt", "kms:Decrypt"],
        Resource: `\${aws_kms_key.${replicaKeyId}.arn}`,
        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
      });
    });

    it("outputs the replica bucket's name", () => {
      expect(json.output!.frontend_replica_bucket_name.value).toBe(`\${aws_s3_bucket.${replicaBucket[0]}.bucket}`);
    });
  });
});
