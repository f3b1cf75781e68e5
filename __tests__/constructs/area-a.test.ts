/**
 * Construct tests (synthScope) of the compute, edge and network constructs, in one Jest module
 * registry so they share the loaded provider bindings.
 */
import "./compute.spec";
import "./edge.spec";
import "./network.spec";
