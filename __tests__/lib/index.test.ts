/**
 * Runs the lib specs in one Jest module registry: they share the loaded provider bindings
 * and synthesis caches instead of paying for both per file.
 */
import "./terraform-plan.spec";
import "./terraform-root.spec";
import "./stack-traces.spec";
