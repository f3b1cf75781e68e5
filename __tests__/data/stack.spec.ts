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
    expect(reader.config).toMatchObject({ key: `payment/${profile}/network.tfstate`, encrypt: true });
    expect(reader.config).not.toHaveProperty("dynamodb_table");
  });

  it("exposes the user-facing outputs", () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      ["alb_log_bucket_name", "database_cluster_endpoint", "database_reader_endpoint", "db_secret_arn", "transactions_queue_url"],
    );
    expect(json.output!.db_secret_arn.value).toMatch(/master_user_secret\[0\]\.secret_arn\}$/);
  });

  it("hands compute and edge every typed output", () => {
    expect(outputs).toMatchObject({
      databaseHost: `db.${profile}.payment.internal`,
      databaseReaderHost: `db-ro.${profile}.payment.internal`,
      databasePort: 5432,
      databaseName: config.database.databaseName,
    });
    const tokens = Object.entries(outputs).filter(([k]) => !["databaseHost", "databaseReaderHost", "databasePort", "databaseName", "cache"].includes(k));
    expect(tokens).toHaveLength(15);
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
    expect(onlyResource(json, "aws_rds_cluster").cluster_identifier).toBe("payment-db-pr-42");
    expect(onlyResource(json, "aws_elasticache_replication_group").replication_group_id).toBe("payment-cache-pr-42");
    expect(onlyResource(json, "aws_secretsmanager_secret").name).toBe("payment-api-keys-pr-42");
  });
});
