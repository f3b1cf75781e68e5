import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";

/**
 * What every operator command says when AWS refuses its credentials: one line naming the
 * error and how to sign in, instead of the SDK's multi-line provider-chain message.
 */

/** No usable credentials at all: the command stops with one line before it does anything. */
export class NoCredentialsError extends Error {}

const NO_CREDENTIALS = new Set(["CredentialsProviderError", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException"]);

export const awsErrorName = (error: unknown): string => (error as { name?: string })?.name ?? "Error";

export const isNoCredentials = (error: unknown): boolean => NO_CREDENTIALS.has(awsErrorName(error));

const firstLine = (error: unknown) => String((error as { message?: string })?.message ?? error).split("\n")[0];

/** One line for an AWS SDK error: how to sign in when it is about credentials, else its name and message. */
export function awsErrorLine(error: unknown): string {
  return isNoCredentials(error)
    ? `no usable AWS credentials (${awsErrorName(error)}: ${firstLine(error)}); sign in first (aws sso login, or the CI role)`
    : `${awsErrorName(error)}: ${firstLine(error)}`;
}

export interface Caller {
  readonly accountId: string;
  readonly partition: string;
  readonly arn: string;
}

/** Who the credentials belong to; a NoCredentialsError (`awsErrorLine` and `consequence`) when none work. */
export async function callerIdentity(sts: STSClient, consequence: string): Promise<Caller> {
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { accountId: identity.Account!, arn: identity.Arn!, partition: identity.Arn!.split(":")[1] };
  } catch (error) {
    if (isNoCredentials(error)) throw new NoCredentialsError(`${awsErrorLine(error)}, ${consequence}`);
    throw error;
  }
}
