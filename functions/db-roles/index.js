// @ts-check
/* global console, setTimeout */
"use strict";

/**
 * Creates and grants the services' database roles through the RDS Data API, so the deploy
 * needs no network path into the isolated subnets. Terraform invokes it (aws_lambda_invocation)
 * with { database, roles: [{ name, schema }] }; it authenticates with the RDS-managed master
 * secret, which only this function and break-glass operators may read. The AWS SDK v3 comes
 * with the Lambda Node.js runtime; nothing is bundled.
 */
const sql = require("./sql");

/** A paused Serverless v2 cluster resumes on the first call; RDS says so with this error. */
const RESUMING = new Set(["DatabaseResumingException", "DatabaseNotFoundException"]);
const ATTEMPTS = 12;
const RETRY_DELAY_MS = 5000;

/**
 * @typedef {(input: Record<string, unknown>) => Promise<any>} RunStatement  one ExecuteStatement call
 */

/** The Data API through the runtime's SDK; loaded lazily so tests can run without it. @returns {RunStatement} */
function dataApi() {
  // The Lambda runtime provides the SDK; it is not a dependency of this repository.
  const sdk = "@aws-sdk/client-rds-data";
  const { RDSDataClient, ExecuteStatementCommand } = require(sdk);
  const client = new RDSDataClient({});
  return (input) => client.send(new ExecuteStatementCommand(input));
}

/**
 * @param {RunStatement} run
 * @param {{ clusterArn: string; secretArn: string; database: string }} target
 * @param {(ms: number) => Promise<void>} sleep
 */
function executor(run, target, sleep) {
  /** @param {string} statement @param {Record<string, string>} [parameters] */
  return async function execute(statement, parameters = {}) {
    const input = {
      resourceArn: target.clusterArn,
      secretArn: target.secretArn,
      database: target.database,
      sql: statement,
      parameters: Object.entries(parameters).map(([name, value]) => ({ name, value: { stringValue: value } })),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(input);
      } catch (error) {
        const name = /** @type {any} */ (error)?.name;
        if (!RESUMING.has(name) || attempt >= ATTEMPTS) throw error;
        await sleep(RETRY_DELAY_MS);
      }
    }
  };
}

/**
 * Applies the request; returns what it did (Terraform keeps it as the invocation's result).
 * @param {unknown} event
 * @param {{ run?: RunStatement; env?: NodeJS.ProcessEnv; sleep?: (ms: number) => Promise<void> }} [deps]
 */
async function applyRoles(event, deps = {}) {
  const env = deps.env ?? process.env;
  const request = sql.parseRequest(event);
  const clusterArn = env.CLUSTER_ARN;
  const secretArn = env.SECRET_ARN;
  if (!clusterArn || !secretArn) throw new Error("CLUSTER_ARN and SECRET_ARN must be set");
  const run = deps.run ?? dataApi();
  const sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const execute = executor(run, { clusterArn, secretArn, database: request.database }, sleep);

  for (const statement of sql.databaseStatements(request.database)) await execute(statement);
  for (const role of request.roles) {
    for (const statement of sql.roleStatements(request.database, role)) await execute(statement);
  }
  const found = await execute(sql.MANAGED_ROLES_QUERY, { marker: sql.MANAGED_MARKER });
  const managed = (found?.records ?? []).map((/** @type {any[]} */ row) => row[0]?.stringValue).filter(Boolean);
  const retired = sql.rolesToRetire(request, managed);
  for (const name of retired) {
    for (const statement of sql.retireStatements(name)) await execute(statement);
  }
  return { database: request.database, roles: request.roles.map((r) => r.name), retired };
}

/** @param {unknown} event */
async function handler(event) {
  const result = await applyRoles(event);
  console.log(JSON.stringify({ message: "database roles applied", ...result }));
  return result;
}

module.exports = { applyRoles, handler };
