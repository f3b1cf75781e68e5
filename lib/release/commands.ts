import { spawnSync } from "node:child_process";

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

/**
 * Runs a program. `capture` keeps its output for the caller (terraform show -json);
 * otherwise it streams to the terminal, so a long apply shows progress.
 */
export type CommandRunner = (
  program: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly capture?: boolean },
) => CommandResult;

/* istanbul ignore next -- spawns real programs; the release tests inject a recording runner */
export const runCommand: CommandRunner = (program, args, { cwd, env, capture }) => {
  const result = spawnSync(program, [...args], {
    cwd,
    env,
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", error: result.error };
};
