/**
 * What each stack hands to the stacks deployed after it. Values are CDKTF tokens; passing
 * them as props makes CDKTF write the producer's outputs and the consumer's
 * terraform_remote_state reader, so no ID is ever copied by hand.
 */

export interface SecurityGroupIds {
  readonly alb: string;
  readonly app: string;
  readonly db: string;
  readonly cache: string;
}

export interface NetworkOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly isolatedSubnetIds: readonly string[];
  readonly privateRouteTableIds: readonly string[];
  readonly securityGroupIds: SecurityGroupIds;
  /** Route53 private zone <id>.payment.internal (config/names.ts environmentId) */
  readonly privateZoneId: string;
  readonly privateZoneName: string;
}

/** Where a service's image lives. */
export interface ImageRepository {
  readonly url: string;
  readonly arn: string;
}

export interface DataOutputs {
  readonly databaseClusterIdentifier: string;
  /** Writer and reader endpoints: the names on the RDS certificate, so clients can verify-full.
   *  Services connect to these, never through a CNAME. */
  readonly databaseClusterEndpoint: string;
  readonly databaseReaderEndpoint: string;
  /** cluster-XXXX, the resource part of arn:aws:rds-db:<region>:<account>:dbuser:<id>/<user>. */
  readonly databaseClusterResourceId: string;
  readonly databasePort: number;
  readonly databaseName: string;
  /** Service name -> its PostgreSQL role (IAM authentication); services without one are absent.
   *  The master secret is deliberately not here: no service may hold it (help/secrets.md). */
  readonly databaseUsers: Readonly<Record<string, string>>;
  readonly databaseKeyArn: string;
  /** Encrypts secrets, queues and the alarm topic. */
  readonly secretsKeyArn: string;
  /** Encrypts CloudWatch log groups. */
  readonly logsKeyArn: string;
  readonly apiKeysSecretArn: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly queueName: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueName: string;
  /** Present when the profile enables the cache. Clients authenticate as an RBAC user with
   *  IAM auth (elasticache:Connect), so no Redis password exists anywhere. */
  readonly cache?: {
    readonly primaryEndpoint: string;
    readonly port: number;
    readonly replicationGroupArn: string;
    readonly userArn: string;
    readonly userName: string;
  };
  /** ALB access logs (SSE-S3, as ELB log delivery requires). */
  readonly albLogBucketName: string;
  /** S3 server access logs of this environment's buckets in its region. */
  readonly accessLogBucketName: string;
  /** Service name -> its ECR repository: this environment's, or the owner's (compute.ecrShareFrom).
   *  Owned by the data stack so images can be pushed before compute starts any task. */
  readonly ecrRepositories: Readonly<Record<string, ImageRepository>>;
  /** Key the images are encrypted with. */
  readonly ecrKeyArn: string;
  /** Region of the repositories (the owner's when shared). */
  readonly ecrRegion: string;
}

export interface ComputeOutputs {
  readonly albArn: string;
  readonly albArnSuffix: string;
  readonly albDnsName: string;
  readonly albZoneId: string;
  /** https://<api domain> or http(s)://<alb dns name> */
  readonly albUrl: string;
  /** Whether the ALB terminates TLS (a domain or certificate is configured). */
  readonly albServesTls: boolean;
  /** Header CloudFront must send for the ALB to forward a request. */
  readonly originVerifyHeaderName: string;
  /** Sensitive: the header's value. */
  readonly originVerifyHeaderValue: string;
  readonly clusterName: string;
  readonly serviceNames: readonly string[];
  readonly serviceDiscoveryNamespace: string;
  readonly alarmTopicArn: string;
}
