/**
 * Runs the data specs in one Jest module registry: they share the loaded provider
 * bindings and the fixture's synthesis cache instead of paying for both per file.
 */
import "./cache.spec";
import "./database.spec";
import "./database-roles.spec";
import "./ecr.spec";
import "./backup.spec";
import "./stack.spec";
import "./stores.spec";
