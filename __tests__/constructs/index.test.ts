/**
 * Unit tests of shared constructs, each synthesized alone with `Testing.synthScope`, in one
 * Jest module registry so they share the loaded provider bindings.
 */
import "./certificate.spec";
import "./cluster.spec";
import "./compute.spec";
import "./dashboard.spec";
import "./data-alarms.spec";
import "./data-stores.spec";
import "./data.spec";
import "./edge.spec";
import "./endpoints.spec";
import "./kms-key.spec";
import "./network.spec";
import "./queues.spec";
import "./vpc.spec";
import "./zip-asset.spec";
