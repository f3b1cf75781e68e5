import { Route } from "@cdktf/provider-aws/lib/route";
import { Route53VpcAssociationAuthorization } from "@cdktf/provider-aws/lib/route53-vpc-association-authorization";
import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformOutput, type DataTerraformRemoteStateS3, type S3BackendConfig } from "cdktf";
import { Construct } from "constructs";
import type { NamedPort } from "../../config/types";
import { remoteStateReader } from "../remote-state";

/** Network stack outputs the two sides of a peering read from each other's state. */
export const PEERING_OUTPUTS = {
  vpcId: "vpc_id",
  zoneId: "private_zone_id",
  connectionId: "peering_connection_id",
  /** Requester profiles whose VPC the accepter authorized to associate with its zone (cross-account). */
  zoneAuthorizedFor: "private_zone_authorized_for",
} as const;

/** The other environment, as configuration and its own state describe it. */
export interface PeerEnvironment {
  /** Profile name; a peer is always a profile's main environment. */
  readonly profile: string;
  readonly region: string;
  readonly vpcCidr: string;
  /** Where the peer's network state lives; read without a lock. */
  readonly state: S3BackendConfig;
  /** The peer's AWS account; absent = this account. */
  readonly accountId?: string;
}

/** This side of the peering: everything it owns lives in its own account and region. */
export interface PeeringSideProps {
  readonly name: (thing: string) => string;
  /** This environment's profile name (what the accepter authorizes). */
  readonly profile: string;
  readonly vpcId: string;
  readonly region: string;
  readonly privateRouteTableIds: readonly string[];
  readonly appSecurityGroupId: string;
  readonly privateZoneId: string;
  /** Account the deploying credentials belong to (peer_owner_id when the peer names none). */
  readonly callerAccountId: string;
  /** This environment's configured account, when known; decides same- or cross-account at synthesis. */
  readonly accountId?: string;
  readonly peer: PeerEnvironment;
  /** Ports of this side's app tasks the peer's CIDR may reach. */
  readonly ingressPorts: readonly NamedPort[];
  /** Ports in the peer's CIDR this side's app tasks may reach. */
  readonly egressPorts: readonly NamedPort[];
}

/**
 * What both sides do for themselves: route their private tables to the other CIDR, admit and
 * reach the other CIDR on named ports only, and share their own private zone with the other VPC
 * (associate it directly in one account; across accounts, authorize the other side to).
 */
abstract class PeeringSide extends Construct {
  protected readonly peerState: DataTerraformRemoteStateS3;
  protected readonly crossAccount: boolean;

  constructor(scope: Construct, id: string, protected readonly props: PeeringSideProps) {
    super(scope, id);
    this.peerState = remoteStateReader(this, "peer-network", props.peer.state);
    const peerAccount = props.peer.accountId;
    this.crossAccount = peerAccount !== undefined && peerAccount !== props.accountId;
  }

  protected ownHalf(connectionId: string): void {
    const { props } = this;
    props.privateRouteTableIds.forEach(
      (routeTableId, i) =>
        new Route(this, `to-peer-${i}`, { routeTableId, destinationCidrBlock: props.peer.vpcCidr, vpcPeeringConnectionId: connectionId }),
    );
    for (const port of props.ingressPorts) {
      new VpcSecurityGroupIngressRule(this, `from-peer-${port.name}`, {
        securityGroupId: props.appSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: port.port,
        toPort: port.port,
        cidrIpv4: props.peer.vpcCidr,
        description: `${port.name} from ${props.peer.profile} (peering)`,
      });
    }
    for (const port of props.egressPorts) {
      new VpcSecurityGroupEgressRule(this, `to-peer-${port.name}`, {
        securityGroupId: props.appSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: port.port,
        toPort: port.port,
        cidrIpv4: props.peer.vpcCidr,
        description: `${port.name} in ${props.peer.profile} (peering)`,
      });
    }
    const peerVpc = { zoneId: props.privateZoneId, vpcId: this.peerState.getString(PEERING_OUTPUTS.vpcId), vpcRegion: props.peer.region };
    if (this.crossAccount) new Route53VpcAssociationAuthorization(this, "zone-authorization", peerVpc);
    else new Route53ZoneAssociation(this, "zone-to-peer-vpc", peerVpc);
  }

  /** Cross-account only: this VPC joins the peer's zone, which the peer's stack authorized. */
  protected joinPeerZone(): Route53ZoneAssociation | undefined {
    if (!this.crossAccount) return undefined;
    return new Route53ZoneAssociation(this, "peer-zone-to-vpc", {
      zoneId: this.peerState.getString(PEERING_OUTPUTS.zoneId),
      vpcId: this.props.vpcId,
      vpcRegion: this.props.region,
    });
  }
}

/**
 * The requesting side: creates the connection (accepted by the peer's own network stack) and
 * its own half. Across accounts it joins the peer's zone once the peer has authorized it: the
 * association exists only while the peer's state lists this profile, so the first apply (before
 * the peer accepted) does not fail and the next one adds it.
 */
export class PeeringRequester extends PeeringSide {
  readonly connection: VpcPeeringConnection;

  constructor(scope: Construct, id: string, props: PeeringSideProps) {
    super(scope, id, props);
    this.connection = new VpcPeeringConnection(this, "connection", {
      vpcId: props.vpcId,
      peerVpcId: this.peerState.getString(PEERING_OUTPUTS.vpcId),
      peerRegion: props.peer.region,
      peerOwnerId: props.peer.accountId ?? props.callerAccountId,
      tags: { Name: props.name(`peering-${props.peer.profile}`), Side: "requester" },
    });
    this.ownHalf(this.connection.id);
    const association = this.joinPeerZone();
    if (association) {
      const authorized = `try(data.terraform_remote_state.${this.peerState.friendlyUniqueId}.outputs.${PEERING_OUTPUTS.zoneAuthorizedFor}, [])`;
      association.addOverride("count", `\${contains(${authorized}, "${props.profile}") ? 1 : 0}`);
    }
    new TerraformOutput(scope, PEERING_OUTPUTS.connectionId, { value: this.connection.id });
  }
}

/** The accepting side, in the peer's own network stack: accepts the requester's connection and adds its own half. */
export class PeeringAccepter extends PeeringSide {
  readonly accepter: VpcPeeringConnectionAccepterA;

  constructor(scope: Construct, id: string, props: PeeringSideProps) {
    super(scope, id, props);
    this.accepter = new VpcPeeringConnectionAccepterA(this, "accepter", {
      vpcPeeringConnectionId: this.peerState.getString(PEERING_OUTPUTS.connectionId),
      autoAccept: true,
      tags: { Name: props.name(`peering-${props.peer.profile}`), Side: "accepter" },
    });
    this.ownHalf(this.accepter.vpcPeeringConnectionId);
    this.joinPeerZone();
    new TerraformOutput(scope, PEERING_OUTPUTS.zoneAuthorizedFor, { value: this.crossAccount ? [props.peer.profile] : [] });
  }
}
