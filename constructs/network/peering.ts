import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { VpcPeeringConnectionOptions } from "@cdktf/provider-aws/lib/vpc-peering-connection-options";
import { Fn, type S3BackendConfig } from "cdktf";
import { Construct } from "constructs";
import { remoteStateReader } from "../remote-state";

/** The other environment's network, as its own state describes it. */
export interface PeerNetwork {
  /** Environment id of the peer (config/names.ts), for names. */
  readonly id: string;
  readonly region: string;
  readonly vpcCidr: string;
  /** Where the peer's network state lives; read without a lock. */
  readonly state: S3BackendConfig;
  /** Number of private route tables the peer has (one per AZ): counts must be known at synthesis. */
  readonly privateRouteTableCount: number;
  readonly defaultTags: Record<string, string>;
}

export interface VpcPeeringProps {
  readonly name: (thing: string) => string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly privateRouteTableIds: readonly string[];
  readonly peer: PeerNetwork;
}

/**
 * Peers this VPC (requester) with another environment's VPC (accepter), possibly in another
 * region: both sides' private route tables get a route to the other CIDR, and private DNS
 * names resolve across the peering. The accepter side is managed from here with a provider in
 * the peer's region, so the peer environment needs no change of its own.
 */
export class VpcPeering extends Construct {
  readonly connection: VpcPeeringConnection;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const { peer } = props;
    const peerState = remoteStateReader(this, "peer-network", peer.state);
    const peerProvider = new AwsProvider(this, "peer-region", {
      alias: "peer",
      region: peer.region,
      defaultTags: [{ tags: peer.defaultTags }],
    });

    this.connection = new VpcPeeringConnection(this, "connection", {
      vpcId: props.vpcId,
      peerVpcId: peerState.getString("vpc_id"),
      peerRegion: peer.region,
      tags: { Name: props.name(`peering-${peer.id}`), Side: "requester" },
    });
    const accepter = new VpcPeeringConnectionAccepterA(this, "accepter", {
      provider: peerProvider,
      vpcPeeringConnectionId: this.connection.id,
      autoAccept: true,
      tags: { Name: props.name(`peering-${peer.id}`), Side: "accepter" },
    });
    new VpcPeeringConnectionOptions(this, "requester-dns", {
      vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
      requester: { allowRemoteVpcDnsResolution: true },
    });
    new VpcPeeringConnectionOptions(this, "accepter-dns", {
      provider: peerProvider,
      vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
      accepter: { allowRemoteVpcDnsResolution: true },
    });

    props.privateRouteTableIds.forEach(
      (routeTableId, i) =>
        new Route(this, `to-peer-${i}`, {
          routeTableId,
          destinationCidrBlock: peer.vpcCidr,
          vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
        }),
    );
    const peerTables = peerState.getList("private_route_table_ids");
    for (let i = 0; i < peer.privateRouteTableCount; i++) {
      new Route(this, `from-peer-${i}`, {
        provider: peerProvider,
        routeTableId: Fn.element(peerTables, i),
        destinationCidrBlock: props.vpcCidr,
        vpcPeeringConnectionId: accepter.vpcPeeringConnectionId,
      });
    }
  }
}
