/**
 * Runs the edge specs in one Jest module registry: they share the loaded provider
 * bindings and the fixture's synthesis cache instead of paying for both per file.
 */
import "./constructs.spec";
import "./distribution.spec";
import "./domain.spec";
import "./replica.spec";
import "./spa-router.spec";
import "./waf.spec";
