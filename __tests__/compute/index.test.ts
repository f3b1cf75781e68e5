/**
 * Runs the compute specs in one Jest module registry: they share the loaded provider
 * bindings and the fixture's synthesis cache instead of paying for both per file.
 */
import "./alarm-topic-targets.spec";
import "./blue-green.spec";
import "./constructs.spec";
import "./fourth-service.spec";
import "./iam.spec";
import "./load-balancer.spec";
import "./monitoring.spec";
import "./more-services.spec";
import "./services.spec";
import "./stack.spec";
