/**
 * Runs the release specs in one Jest module registry: they share the loaded provider bindings
 * and synthesis caches instead of paying for both per file.
 */
import "./contract.spec";
import "./preview-copy.spec";
import "./release.spec";
