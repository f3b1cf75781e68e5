/**
 * Unit tests of the data tier's constructs, each synthesized alone with `Testing.synthScope`,
 * in one Jest module registry so they share the loaded provider bindings.
 */
import "./data.spec";
import "./data-stores.spec";
