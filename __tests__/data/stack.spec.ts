import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../config/errors";
import { PROFILE_NAMES } from "../../config/types";
import { configFor, onlyResource } from "../support/synth";
import { keyPaths, synthData } from "./fixture";

const REMOTE = "data.terraform_remote_state.cross-stack-reference-input-network.outputs.";
const SECRET_ATTRIBUTES = /(^|\.)(master_password\w*|password|passwords|auth_token\w*|secret_string\w*)$/;

describe.each(PROFILE_NAMES)("data stack (%s)", (profile) => {
  const config = configFor(profile);
  const { data: json, network, outputs } = synthData(config);

  it("writes no password, auth token or secret value anywhere", () => {
    expect(keyPaths(json).filter((path) => SECRET_ATTRIBUTES.test(path))).toEqual([]);
    expect(Object.keys(json.resource!).filter((t) => t.startsWith("random_") || t === "aws_secretsmanager_secret_version")).toEqual([]);
  });

  it("puts the database in the network stack's isolated subnets through remote state", () => {
    const subnetIds: string[] = onlyResource(json, "aws_db_subnet_group").subnet_ids;
    expect(subnetIds).toHaveLength(3);
    for (const ref of subnetIds) {
      const output = ref.match(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\.([^}]+)\}$/)?.[1];
      expect(output).toBeDefined();
      // The producer's output really is an isolated subnet's id.
      expect(network.output![output!].value).toMatch(/^\$\{aws_subnet\.vpc_isolated-[a-z0-9-]+_\w+\.id\}$/);
    }
  });

  it("uses the network stack's db security group through remote state", () => {
    const [ref] = onlyResource(json, "aws_rds_cluster").vpc_security_group_ids;
    expect(ref).toContain(REMOTE);
    const output = ref.slice(ref.indexOf(REMOTE) + REMOTE.length, -1);
    expect(network.output![output].value).toMatch(/^\$\{aws_security_group\.security-groups_db_\w+\.id\}$/);
  });

  it("lets the remote-state reader take no lock", () => {
    const reader = json.data!.terraform_remote_state["cross-stack-reference-input-network"];
    expect(reader.config).toMatchObject({ key: `payment/${profile}/${profile}/network.tfstate`, encrypt: true });
    expect(reader.config).not.toHaveProperty("dynamodb_table");
  });

  it("exposes the user-facing outputs", () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      [
        "alb_log_bucket_name",
        ...(config.disasterRecovery ? ["backup_copy_vault_arn"] : []),
        "backup_vault_name",
        "database_cluster_endpoint",
        "database_cluster_resource_id",
        "database_reader_endpoint",
        "db_secret_arn",
        "ecr_key_arn",
        "ecr_repository_arns",
        "ecr_repository_urls",
        "transactions_queue_url",
      ],
    );
    expect(json.output!.db_secret_arn.value).toMatch(/master_user_secret\[0\]\.secret_arn\}$/);
  });

  it("hands compute and edge every typed output", () => {
    expect(outputs).toMatchObject({
      databasePort: 5432,
      databaseName: config.database.databaseName,
      databaseUsers: Object.fromEntries(config.compute.services.map((s) => [s.name, s.name.replace(/-/g, "_")])),
    });
    expect(outputs).not.toHaveProperty("databaseSecretArn");
    expect(outputs.ecrRegion).toBe(config.region);
    const tokens = Object.entries(outputs).filter(([k]) => !["databaseUsers", "databasePort", "databaseName", "cache", "ecrRepositories", "ecrRegion"].includes(k));
    expect(tokens).toHaveLength(17);
    tokens.forEach(([, v]) => expect(v).toMatch(/\$\{TfToken\[TOKEN\.\d+\]\}/));
  });
});

describe("suffix rule for data identifiers", () => {
  it("rejects a suffix with consecutive hyphens, which Aurora and ElastiCache identifiers forbid", () => {
    expect(() => configFor("dev", { ENVIRONMENT_SUFFIX: "pr--7" })).toThrow(ConfigError);
    expect(() => configFor("dev", { ENVIRONMENT_SUFFIX: "pr--7" })).toThrow(/ENVIRONMENT_SUFFIX = "pr--7": must not contain '--'/);
  });

  it("names everything after an ephemeral suffix", () => {
    const { data: json } = synthData(configFor("staging", { ENVIRONMENT_SUFFIX: "pr-42" }));
    expect(onlyResource(json, "aws_rds_cluster").cluster_identifier).toBe("payment-db-s-pr-42");
    expect(onlyResource(json, "aws_elasticache_replication_group").replication_group_id).toBe("payment-cache-s-pr-42");
    expect(onlyResource(json, "aws_secretsmanager_secret").name).toBe("payment-api-keys-s-pr-42");
  });
});

describe("addresses the runbooks name", () => {
  const { data: json } = synthData(configFor("prod"));
  const addresses = Object.entries(json.resource!).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
  const read = (file: string) => fs.readFileSync(path.join(__dirname, "..", "..", file), "utf8");

  it("help/disaster-recovery.md imports the cluster at its real address", () => {
    const named = read("help/disaster-recovery.md").match(/aws_rds_cluster\.database_cluster_[0-9A-F]+/g)!;
    expect(named.length).toBeGreaterThan(0);
    named.forEach((a) => expect(addresses).toContain(a));
  });

  it("the README's ECR state move selects exactly the repositories, their policies and the ECR key", () => {
    const pattern = new RegExp(read("README.md").match(/grep -E '([^']+)'/)![1].replace(/\\\\/g, "\\"));
    const moved = addresses.filter((a) => pattern.test(a)).sort();
    const ecr = addresses.filter((a) => a.startsWith("aws_ecr_") || /^aws_kms_(key|alias)\.ecr_/.test(a)).sort();
    expect(moved).toEqual(ecr);
    expect(moved.filter((a) => a.startsWith("aws_ecr_repository."))).toHaveLength(configFor("prod").compute.services.length);
  });
});
