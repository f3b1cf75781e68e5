/**
 * Runs the ci specs in one Jest module registry: they share the loaded provider bindings
 * and synthesis caches instead of paying for both per file.
 */
import "./constructs.spec";
import "./stack.spec";
