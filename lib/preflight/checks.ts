import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeImagesCommand, type ECRClient } from "@aws-sdk/client-ecr";
import { ListHostedZonesByNameCommand, type Route53Client } from "@aws-sdk/client-route-53";
import {
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DescribeSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetTopicAttributesCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { STSClient } from "@aws-sdk/client-sts";
import { imageReference } from "../../config/images";
import { awsErrorName, callerIdentity, isNoCredentials, NoCredentialsError, type Caller } from "../aws-credentials";
import { ecrImageId, imageRepositories } from "../image-repositories";
import { Names } from "../../config/names";
import type { EnvironmentConfig } from "../../config/types";
import { hostOf, reservedDomainOf } from "./reserved";

/**
 * The read-only checks of `npm run preflight`, one result line each. Every AWS call is a
 * Describe/Get/Head/List; a check that cannot run (access denied, throttled) fails naming why.
 */

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** What was found. */
  readonly detail: string;
  /** The command (or edit) that fixes a failure. */
  readonly fix?: string;
}

/** AWS clients per region; the script builds real ones, the tests mocked ones. */
export interface Clients {
  sts(): STSClient;
  s3(region: string): S3Client;
  dynamodb(region: string): DynamoDBClient;
  route53(): Route53Client;
  ecr(region: string): ECRClient;
  secretsManager(region: string): SecretsManagerClient;
  sns(region: string): SNSClient;
}

const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: false, detail, fix });

const isNotFound = (error: unknown, ...names: string[]) =>
  ["NotFound", "NoSuchBucket", ...names].includes(awsErrorName(error)) || (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

/** Who the credentials belong to; throws NoCredentialsError when there are none that work. */
export function preflightCaller(clients: Clients): Promise<Caller> {
  return callerIdentity(clients.sts(), "nothing was checked");
}

export function checkAccount(config: EnvironmentConfig, caller: Caller): CheckResult {
  const name = "account";
  if (config.accountId) {
    return caller.accountId === config.accountId
      ? pass(name, `credentials are in ${config.accountId}, ${config.profile}'s account (${caller.arn})`)
      : fail(name, `credentials are in ${caller.accountId} (${caller.arn}), ${config.profile} deploys to ${config.accountId}`, `use credentials for account ${config.accountId} (aws sso login --profile <${config.profile} profile>)`);
  }
  return config.protection
    ? fail(name, `${config.profile} is protected and names no account; credentials are in ${caller.accountId}`, `ACCOUNT_ID=<12-digit id> npm run preflight (in CI: the environment variable AWS_ACCOUNT_ID), or set accountId in config/profiles/${config.profile}.ts`)
    : pass(name, `credentials are in ${caller.accountId}; ${config.profile} names no account (set ACCOUNT_ID to pin it)`);
}

export async function checkStateBucket(config: EnvironmentConfig, clients: Clients): Promise<CheckResult[]> {
  const { bucket, region } = config.state;
  const s3 = clients.s3(region);
  const bootstrap = `ENVIRONMENT=${config.profile} npx cdktf deploy bootstrap (help/bootstrap.md)`;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (isNotFound(error)) return [fail("state bucket", `s3://${bucket} does not exist in ${region}`, bootstrap)];
    throw error;
  }
  const results = [pass("state bucket", `s3://${bucket} exists (${region})`)];
  const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  results.push(
    versioning.Status === "Enabled"
      ? pass("state bucket versioning", "enabled")
      : fail("state bucket versioning", `is ${versioning.Status ?? "never enabled"}`, `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`),
  );
  results.push(await bucketEncryption(s3, bucket));
  results.push(await bucketPublicAccess(s3, bucket));
  return results;
}

async function bucketEncryption(s3: S3Client, bucket: string): Promise<CheckResult> {
  const name = "state bucket encryption";
  const fix = `aws s3api put-bucket-encryption --bucket ${bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},"BucketKeyEnabled":true}]}'`;
  try {
    const { ServerSideEncryptionConfiguration: sse } = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const algorithm = sse?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    return algorithm ? pass(name, `default encryption ${algorithm}`) : fail(name, "has no default encryption rule", fix);
  } catch (error) {
    if (awsErrorName(error) === "ServerSideEncryptionConfigurationNotFoundError") return fail(name, "has no default encryption", fix);
    throw error;
  }
}

const PUBLIC_ACCESS_FLAGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

async function bucketPublicAccess(s3: S3Client, bucket: string): Promise<CheckResult> {
  const name = "state bucket public access";
  const fix = `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration ${PUBLIC_ACCESS_FLAGS.map((f) => `${f}=true`).join(",")}`;
  try {
    const { PublicAccessBlockConfiguration: block = {} } = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    const open = PUBLIC_ACCESS_FLAGS.filter((flag) => block[flag] !== true);
    return open.length === 0 ? pass(name, "blocked (all four settings)") : fail(name, `not blocked: ${open.join(", ")} off`, fix);
  } catch (error) {
    if (awsErrorName(error) === "NoSuchPublicAccessBlockConfiguration") return fail(name, "has no public access block", fix);
    throw error;
  }
}

export async function checkLockTable(config: EnvironmentConfig, clients: Clients): Promise<CheckResult> {
  const { lockTable, region } = config.state;
  const name = "lock table";
  try {
    const { Table: table } = await clients.dynamodb(region).send(new DescribeTableCommand({ TableName: lockTable }));
    const hashKey = table?.KeySchema?.find((k) => k.KeyType === "HASH")?.AttributeName;
    if (hashKey !== "LockID") return fail(name, `${lockTable} has hash key ${hashKey ?? "(none)"}, Terraform locks on LockID`, `point TF_STATE_LOCK_TABLE at the bootstrap stack's table`);
    return table?.TableStatus === "ACTIVE" ? pass(name, `${lockTable} is active (${region})`) : fail(name, `${lockTable} is ${table?.TableStatus}`, "wait until the table is ACTIVE, then run the preflight again");
  } catch (error) {
    if (isNotFound(error, "ResourceNotFoundException")) {
      return fail(name, `${lockTable} does not exist in ${region}`, `ENVIRONMENT=${config.profile} npx cdktf deploy bootstrap (help/bootstrap.md)`);
    }
    throw error;
  }
}

/** The profile's public names are real ones, and its hosted zone exists as a public zone. */
export async function checkDomain(config: EnvironmentConfig, clients: Clients): Promise<CheckResult[]> {
  const domain = config.edge.domain;
  if (!domain) return [];
  const edit = `edit edge.domain in config/profiles/${config.profile}.ts to your own zone`;
  const reserved = [domain.hostedZone, domain.appDomain, domain.apiDomain].map((h) => [h, reservedDomainOf(h)] as const).find(([, r]) => r);
  if (reserved) return [fail("domain", `${reserved[0]} is under the reserved name ${reserved[1]}, never a real zone`, edit)];
  const results = [pass("domain", `${domain.appDomain} and ${domain.apiDomain} in ${domain.hostedZone}`)];
  const { HostedZones: zones = [] } = await clients.route53().send(new ListHostedZonesByNameCommand({ DNSName: domain.hostedZone, MaxItems: 10 }));
  const zone = zones.find((z) => z.Name === `${domain.hostedZone}.` && !z.Config?.PrivateZone);
  results.push(
    zone
      ? pass("hosted zone", `${domain.hostedZone} is ${zone.Id}`)
      : fail("hosted zone", `no public hosted zone ${domain.hostedZone} in this account`, `aws route53 create-hosted-zone --name ${domain.hostedZone} --caller-reference preflight-$(date +%s), then delegate it from the parent zone`),
  );
  return results;
}

/** Where alarms go: every target's domain must be a real one (the profile ships a placeholder). */
export function checkAlarmTargets(config: EnvironmentConfig): CheckResult[] {
  const { notificationEmails = [], notificationHttpsEndpoint } = config.alarms;
  const targets = [...notificationEmails, ...(notificationHttpsEndpoint ? [notificationHttpsEndpoint] : [])];
  if (targets.length === 0) return config.protection ? [] : [pass("alarm targets", "none configured (allowed: not protected)")];
  const reserved = targets.find((t) => reservedDomainOf(hostOf(t)));
  return reserved
    ? [fail("alarm targets", `${reserved} is under the reserved name ${reservedDomainOf(hostOf(reserved))}: alarms would reach nobody`, `set alarms.notificationEmails (or notificationHttpsEndpoint) in config/profiles/${config.profile}.ts to your on-call address`)]
    : [pass("alarm targets", targets.join(", "))];
}

/** Before compute: each service's image is in its repository (the owner's when shared). */
export async function checkImages(config: EnvironmentConfig, clients: Clients, caller: Caller): Promise<CheckResult[]> {
  const { region, owner, repository: repositoryOf } = imageRepositories(config);
  const ecr = clients.ecr(region);
  return Promise.all(
    config.compute.services.map(async (service): Promise<CheckResult> => {
      const name = `image ${service.name}`;
      const repository = repositoryOf(service.name);
      const ref = imageReference(repository, service.imageTag);
      const imageId = ecrImageId(service.imageTag);
      const registry = `${caller.accountId}.dkr.ecr.${region}.amazonaws.com`;
      try {
        await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [imageId] }));
        return pass(name, `${ref} exists (${region})`);
      } catch (error) {
        if (awsErrorName(error) === "RepositoryNotFoundException") {
          return fail(name, `repository ${repository} does not exist in ${region}`, `deploy the stack that owns it first (${owner ? `ENVIRONMENT=${owner}` : `ENVIRONMENT=${config.profile}`} npx cdktf deploy data)`);
        }
        if (awsErrorName(error) === "ImageNotFoundException") {
          return fail(name, `${ref} is not in ${region}`, `docker push ${registry}/${ref} (help/deploy.md), or set IMAGE_TAG to a pushed tag`);
        }
        throw error;
      }
    }),
  );
}

/** Before compute: services that read the API keys find a current value (ECS injects it at task start). */
export async function checkApiKeysSecret(config: EnvironmentConfig, clients: Clients): Promise<CheckResult[]> {
  if (!config.compute.services.some((s) => s.usesApiKeys)) return [];
  const name = "api keys secret";
  const secretId = Names.for(config).apiKeysSecret();
  try {
    const secret = await clients.secretsManager(config.region).send(new DescribeSecretCommand({ SecretId: secretId }));
    const current = Object.values(secret.VersionIdsToStages ?? {}).some((stages) => stages.includes("AWSCURRENT"));
    return [
      current
        ? pass(name, `${secretId} has a current value`)
        : fail(name, `${secretId} has no value yet; tasks would fail to start`, `aws secretsmanager put-secret-value --region ${config.region} --secret-id ${secretId} --secret-string file://api-keys.json (help/secrets.md)`),
    ];
  } catch (error) {
    if (isNotFound(error, "ResourceNotFoundException")) {
      return [fail(name, `${secretId} does not exist in ${config.region}`, `ENVIRONMENT=${config.profile} npx cdktf deploy network data, then fill it (help/secrets.md)`)];
    }
    throw error;
  }
}

/** Protected profiles: once the alarm topic exists, someone has confirmed a subscription to it. */
export async function checkAlarmSubscription(config: EnvironmentConfig, clients: Clients, caller: Caller): Promise<CheckResult[]> {
  if (!config.protection) return [];
  const name = "alarm subscription";
  const topicArn = `arn:${caller.partition}:sns:${config.region}:${caller.accountId}:${Names.for(config).alarmTopic()}`;
  try {
    const { Attributes: attributes = {} } = await clients.sns(config.region).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const confirmed = Number(attributes.SubscriptionsConfirmed ?? "0");
    return [
      confirmed > 0
        ? pass(name, `${confirmed} confirmed on ${topicArn}`)
        : fail(name, `no confirmed subscription on ${topicArn} (${attributes.SubscriptionsPending ?? "0"} pending): alarms reach nobody`, `confirm the email AWS sent to each alarms.notificationEmails address; aws sns list-subscriptions-by-topic --topic-arn ${topicArn}`),
    ];
  } catch (error) {
    if (isNotFound(error, "NotFoundException", "NotFound")) return [pass(name, `topic not created yet (it is checked once compute is deployed)`)];
    throw error;
  }
}

/** Runs a check; an unexpected AWS error becomes a failed line naming it, never a stack trace. */
export async function guarded(name: string, check: () => Promise<CheckResult | CheckResult[]>): Promise<CheckResult[]> {
  try {
    return ([] as CheckResult[]).concat(await check());
  } catch (error) {
    if (isNoCredentials(error)) throw new NoCredentialsError(`credentials stopped working during ${name} (${awsErrorName(error)})`);
    const message = (error as Error)?.message?.split("\n")[0] ?? String(error);
    return [fail(name, `could not be checked: ${awsErrorName(error)}: ${message}`, "grant the read-only permission named above to these credentials, or retry")];
  }
}
