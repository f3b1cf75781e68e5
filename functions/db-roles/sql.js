// @ts-check
"use strict";

/**
 * SQL that makes the database roles match the platform's services. Every statement is
 * idempotent, so the step can run on every deploy: a role that exists is left as it is and
 * only (re)granted what it needs. Names are validated and quoted; nothing here concatenates
 * an unchecked string into SQL.
 */

/** Marks the roles this step manages, so a role removed from config can be found and disabled. */
const MANAGED_MARKER = "managed by payment-platform db-roles";

/** PostgreSQL identifiers this step accepts: lowercase, at most 63 bytes (NAMEDATALEN - 1). */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Roles PostgreSQL or RDS own; the step never touches them. */
const RESERVED = new Set(["postgres", "rdsadmin", "rds_superuser", "rds_iam", "rds_replication", "rds_password", "public"]);

/** @param {string} what @param {unknown} name @returns {string} */
function checkIdentifier(what, name) {
  if (typeof name !== "string" || !IDENTIFIER.test(name) || name.startsWith("pg_") || RESERVED.has(name)) {
    throw new Error(`${what} ${JSON.stringify(name)} is not an identifier this step manages (a-z, 0-9, _; at most 63; not reserved)`);
  }
  return name;
}

/** "name" with embedded quotes doubled, as PostgreSQL quotes identifiers. @param {string} name */
function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

/** 'text' with embedded quotes doubled, as PostgreSQL quotes string literals. @param {string} text */
function quoteLiteral(text) {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * @typedef {{ name: string; schema: string }} RoleSpec  a login role and the schema it owns
 * @typedef {{ database: string; roles: RoleSpec[] }} RoleRequest
 */

/** @param {unknown} input @returns {RoleRequest} */
function parseRequest(input) {
  const request = /** @type {any} */ (input);
  if (!request || typeof request !== "object" || !Array.isArray(request.roles)) {
    throw new Error("the request must be an object with database and roles[]");
  }
  const database = checkIdentifier("database", request.database);
  const seen = new Set();
  const roles = request.roles.map((/** @type {any} */ r) => {
    const name = checkIdentifier("role", r && r.name);
    const schema = checkIdentifier("schema", r && r.schema);
    if (seen.has(name)) throw new Error(`role ${JSON.stringify(name)} is listed twice`);
    seen.add(name);
    return { name, schema };
  });
  return { database, roles };
}

/**
 * Statements that create (if missing) and grant one service role: it logs in only with IAM
 * (rds_iam, no password), may connect to the database, and uses and creates objects in its
 * own schema only. The schema belongs to the master user, so revoking the role's grants
 * never orphans data. @param {string} database @param {RoleSpec} role @returns {string[]}
 */
function roleStatements(database, role) {
  const name = quoteIdent(checkIdentifier("role", role.name));
  const schema = quoteIdent(checkIdentifier("schema", role.schema));
  const db = quoteIdent(checkIdentifier("database", database));
  return [
    // CREATE ROLE has no IF NOT EXISTS; the catalog check makes it repeatable.
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(role.name)}) THEN CREATE ROLE ${name} WITH LOGIN; END IF; END $$`,
    // A role disabled earlier (removed from config, then added back) logs in again.
    `ALTER ROLE ${name} WITH LOGIN NOCREATEDB NOCREATEROLE`,
    `COMMENT ON ROLE ${name} IS ${quoteLiteral(MANAGED_MARKER)}`,
    `GRANT rds_iam TO ${name}`,
    `GRANT CONNECT ON DATABASE ${db} TO ${name}`,
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${name}`,
    `ALTER ROLE ${name} IN DATABASE ${db} SET search_path TO ${schema}`,
  ];
}

/**
 * Statements for the database itself, run before the roles: PostgreSQL lets PUBLIC (every
 * role) connect, create temporary tables and use the public schema; here a role gets only what
 * it is granted. @param {string} database @returns {string[]}
 */
function databaseStatements(database) {
  const db = quoteIdent(checkIdentifier("database", database));
  return [`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`, "REVOKE ALL ON SCHEMA public FROM PUBLIC"];
}

/** Finds roles this step created earlier; the marker is passed as a parameter. */
const MANAGED_ROLES_QUERY =
  "SELECT r.rolname FROM pg_catalog.pg_roles r JOIN pg_catalog.pg_shdescription d ON d.objoid = r.oid AND d.classoid = 'pg_catalog.pg_authid'::regclass WHERE d.description = :marker ORDER BY r.rolname";

/**
 * A managed role no longer in config is disabled, never dropped: it may own tables, and
 * dropping data is a decision for a person (help/secrets.md). @param {string} name @returns {string[]}
 */
function retireStatements(name) {
  const role = quoteIdent(checkIdentifier("role", name));
  return [`ALTER ROLE ${role} WITH NOLOGIN`, `REVOKE rds_iam FROM ${role}`];
}

/** Managed roles found in the database that the request no longer lists. @param {RoleRequest} request @param {string[]} managed */
function rolesToRetire(request, managed) {
  const wanted = new Set(request.roles.map((r) => r.name));
  return managed.filter((name) => !wanted.has(name) && IDENTIFIER.test(name)).sort();
}

module.exports = {
  MANAGED_MARKER,
  MANAGED_ROLES_QUERY,
  checkIdentifier,
  databaseStatements,
  parseRequest,
  quoteIdent,
  quoteLiteral,
  retireStatements,
  roleStatements,
  rolesToRetire,
};
