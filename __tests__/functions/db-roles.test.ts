import { applyRoles } from "../../functions/db-roles/index";
import { databaseStatements, MANAGED_MARKER, parseRequest, quoteIdent, quoteLiteral, retireStatements, roleStatements, rolesToRetire } from "../../functions/db-roles/sql";
import { PROFILE_NAMES } from "../../config/types";
import { databaseUsers } from "../../config/derived";
import { Names } from "../../config/names";
import { configFor } from "../support/synth";
import { databaseRoleRequest } from "../../constructs/data/database-roles";

const ENV = { CLUSTER_ARN: "arn:aws:rds:eu-west-1:111111111111:cluster:payment-db-dev", SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!cluster-abc" };

describe("quoting", () => {
  it("doubles quotes inside identifiers and literals", () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteLiteral("o'neil")).toBe("'o''neil'");
  });
});

describe("role statements", () => {
  const statements = roleStatements("payments", { name: "api_gateway", schema: "api_gateway" });

  it("create the role only when it does not exist, as a login role without a password", () => {
    expect(statements[0]).toBe(
      `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'api_gateway') THEN CREATE ROLE "api_gateway" WITH LOGIN; END IF; END $$`,
    );
    expect(statements.join("\n")).not.toMatch(/PASSWORD/i);
  });

  it("grant IAM authentication, connect, and the role's own schema only", () => {
    expect(statements).toEqual(
      expect.arrayContaining([
        `GRANT rds_iam TO "api_gateway"`,
        `GRANT CONNECT ON DATABASE "payments" TO "api_gateway"`,
        `CREATE SCHEMA IF NOT EXISTS "api_gateway"`,
        `GRANT USAGE, CREATE ON SCHEMA "api_gateway" TO "api_gateway"`,
        `ALTER ROLE "api_gateway" IN DATABASE "payments" SET search_path TO "api_gateway"`,
        `COMMENT ON ROLE "api_gateway" IS '${MANAGED_MARKER}'`,
      ]),
    );
    expect(statements.filter((s) => /\bSCHEMA\b/.test(s) && !s.includes('"api_gateway"'))).toEqual([]);
    expect(statements.join("\n")).not.toMatch(/SUPERUSER|ALL PRIVILEGES|rds_superuser|public/i);
  });

  it("are all repeatable: no bare CREATE that fails the second time", () => {
    for (const s of statements.filter((s) => /^CREATE /.test(s))) expect(s).toMatch(/IF NOT EXISTS/);
  });

  it.each([
    ["a hyphen", "api-gateway"],
    ["a quote", 'x"; DROP TABLE t; --'],
    ["upper case", "Api"],
    ["a reserved role", "rds_superuser"],
    ["a pg_ prefix", "pg_monitor"],
    ["64 characters", "a".repeat(64)],
    ["a non-string", 7],
  ])("refuse a name with %s", (_what, name) => {
    expect(() => roleStatements("payments", { name: name as string, schema: "s" })).toThrow(/is not an identifier this step manages/);
  });
});

describe("request parsing", () => {
  it("refuses a malformed request and a role listed twice", () => {
    expect(() => parseRequest(null)).toThrow(/must be an object/);
    expect(() => parseRequest({ database: "payments" })).toThrow(/must be an object/);
    expect(() => parseRequest({ database: "payments", roles: [{ name: "a", schema: "a" }, { name: "a", schema: "b" }] })).toThrow(/listed twice/);
    expect(() => parseRequest({ database: "pay-ments", roles: [] })).toThrow(/database "pay-ments"/);
  });
});

describe("database statements", () => {
  it("take PostgreSQL's defaults for every role away, so a role has only what it is granted", () => {
    expect(databaseStatements("payments")).toEqual([`REVOKE ALL ON DATABASE "payments" FROM PUBLIC`, "REVOKE ALL ON SCHEMA public FROM PUBLIC"]);
    expect(() => databaseStatements('pay"ments')).toThrow(/is not an identifier/);
  });
});

describe("retiring roles removed from config", () => {
  it("disables, never drops, managed roles that the request no longer lists", () => {
    const request = parseRequest({ database: "payments", roles: [{ name: "api_gateway", schema: "api_gateway" }] });
    expect(rolesToRetire(request, ["api_gateway", "ledger", "Bad-Name"])).toEqual(["ledger"]);
    expect(retireStatements("ledger")).toEqual([`ALTER ROLE "ledger" WITH NOLOGIN`, `REVOKE rds_iam FROM "ledger"`]);
    expect(retireStatements("ledger").join("\n")).not.toMatch(/DROP/);
  });
});

describe("the handler against a fake Data API", () => {
  const run = (managed: string[], failFirst?: string) => {
    const calls: any[] = [];
    let failed = false;
    const fake = async (input: any) => {
      if (failFirst && !failed) {
        failed = true;
        throw Object.assign(new Error("resuming"), { name: failFirst });
      }
      calls.push(input);
      return input.sql.startsWith("SELECT r.rolname") ? { records: managed.map((m) => [{ stringValue: m }]) } : {};
    };
    return { calls, fake };
  };
  const request = { database: "payments", roles: [{ name: "api_gateway", schema: "api_gateway" }, { name: "fraud_detector", schema: "fraud_detector" }] };

  it("runs every role's statements with the master secret against the cluster, then retires stale roles", async () => {
    const { calls, fake } = run(["api_gateway", "fraud_detector", "ledger"]);
    const result = await applyRoles(request, { run: fake, env: ENV, sleep: async () => {} });
    expect(result).toEqual({ database: "payments", roles: ["api_gateway", "fraud_detector"], retired: ["ledger"] });
    calls.forEach((c) => expect(c).toMatchObject({ resourceArn: ENV.CLUSTER_ARN, secretArn: ENV.SECRET_ARN, database: "payments" }));
    const perRole = roleStatements("payments", request.roles[0]).length;
    const first = databaseStatements("payments").length;
    expect(calls.slice(0, first).map((c) => c.sql)).toEqual(databaseStatements("payments"));
    expect(calls).toHaveLength(first + 2 * perRole + 1 + 2);
    expect(calls[first + 2 * perRole].parameters).toEqual([{ name: "marker", value: { stringValue: MANAGED_MARKER } }]);
    expect(calls.slice(-2).map((c) => c.sql)).toEqual(retireStatements("ledger"));
  });

  it("waits for a paused cluster to resume, and fails on any other error", async () => {
    const resumed = run([], "DatabaseResumingException");
    await expect(applyRoles(request, { run: resumed.fake, env: ENV, sleep: async () => {} })).resolves.toMatchObject({ retired: [] });
    const broken = run([], "BadRequestException");
    await expect(applyRoles(request, { run: broken.fake, env: ENV, sleep: async () => {} })).rejects.toThrow("resuming");
  });

  it("refuses to run without its cluster and secret", async () => {
    await expect(applyRoles(request, { run: async () => ({}), env: {} })).rejects.toThrow(/CLUSTER_ARN and SECRET_ARN/);
  });
});

describe.each(PROFILE_NAMES)("the request Terraform sends (%s)", (profile) => {
  it("lists one valid role per service that uses the database, named after the service", () => {
    const config = configFor(profile);
    const names = Names.for(config);
    const request = parseRequest(JSON.parse(JSON.stringify(databaseRoleRequest(config.database.databaseName, databaseUsers(config)))));
    const users = config.compute.services.filter((s) => (s.databaseAccess ?? "own-schema") !== "none").map((s) => names.dbUser(s.name));
    expect(request.roles.map((r) => r.name)).toEqual(users);
    request.roles.forEach((r) => expect(r.schema).toBe(r.name));
    expect(request.database).toBe(config.database.databaseName);
  });
});
