/**
 * Runs the config specs in one Jest module registry: they share the loaded provider bindings
 * and synthesis caches instead of paying for both per file.
 */
import "./cidr.spec";
import "./edge-validation.spec";
import "./names.spec";
import "./routing.spec";
import "./validation.spec";
