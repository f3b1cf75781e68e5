/**
 * Tests over the whole synthesized platform of each profile, run in one Jest module registry
 * so the snapshot, policy and output specs share each profile's synthesis.
 */
import "./added-service.spec";
import "./outputs.spec";
import "./policy.spec";
import "./snapshots.spec";
