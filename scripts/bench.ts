import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { watchMemory, type MemoryPeaks } from "./process-memory";

/**
 * `npm run bench [-- --write]`: how fast the app synthesizes and the suite runs on this machine,
 * against the targets in help/performance.md. Medians over several runs (BENCH_RUNS, default 5;
 * the suite, which shares two cores with Terraform and varies most, BENCH_SUITE_RUNS, default 3);
 * peak memory of synthesis from GNU time (max RSS of the largest process), of `npm test` sampled
 * per kind of process (Jest apart from Terraform and its provider plugins). Prints the table;
 * `--write` also puts it into help/performance.md and the figures into README.md. Everything it
 * builds or synthesizes goes to temporary folders, so the working tree is left as it was.
 */

const ROOT = path.resolve(__dirname, "..");
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const USAGE = "usage: npm run bench [-- --write]   (BENCH_RUNS=<n> sets the runs per median, default 5; BENCH_SUITE_RUNS=<n> those of npm test, default 3)";

export interface BenchOptions {
  readonly write: boolean;
  readonly runs: number;
  readonly suiteRuns: number;
}

/** The options, or one line per problem. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | { errors: string[] } {
  const errors = argv.filter((a) => a !== "--write").map((a) => `bench: unknown argument ${JSON.stringify(a)}; ${USAGE}`);
  const runs = Number(env.BENCH_RUNS ?? 5);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) errors.push(`bench: BENCH_RUNS = ${JSON.stringify(env.BENCH_RUNS)}: must be a whole number from 1 to 50`);
  const suiteRuns = Number(env.BENCH_SUITE_RUNS ?? 3);
  if (!Number.isInteger(suiteRuns) || suiteRuns < 1 || suiteRuns > 10) {
    errors.push(`bench: BENCH_SUITE_RUNS = ${JSON.stringify(env.BENCH_SUITE_RUNS)}: must be a whole number from 1 to 10`);
  }
  return errors.length > 0 ? { errors } : { write: argv.includes("--write"), runs, suiteRuns };
}

class BenchError extends Error {}

interface Measure {
  readonly seconds: number;
  readonly maxRssMiB?: number;
}

/** A scratch folder under node_modules/.cache (so built code still resolves node_modules), removed after `fn`. */
function withScratch<T>(fn: (dir: string) => T): T {
  const parent = path.join(ROOT, "node_modules", ".cache");
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, "payment-bench-"));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  return withScratch((outdir) => {
    const fullEnv = { ...process.env, CDKTF_OUTDIR: outdir, CI: "true", CHECKPOINT_DISABLE: "1", ...env };
    const argv = TIME ? ["-f", "%e %M", command, ...args] : args;
    const started = process.hrtime.bigint();
    const result = spawnSync(TIME ?? command, argv, { cwd: ROOT, env: fullEnv, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new BenchError(`bench: ${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
    const timeLine = TIME ? result.stderr.trim().split("\n").pop() : undefined;
    const rssKiB = timeLine ? Number(timeLine.split(" ")[1]) : NaN;
    return { seconds, maxRssMiB: Number.isFinite(rssKiB) ? rssKiB / 1024 : undefined };
  });
}

interface SuiteMeasure {
  readonly seconds: number;
  /** User plus system time of the whole process tree (GNU time), NaN without it. */
  readonly cpuSeconds: number;
  readonly tests: number;
  readonly memory: MemoryPeaks;
}

/** `npm test` once, its process tree sampled for memory; the coverage report goes to `coverageDir`. */
function runSuite(coverageDir: string): Promise<SuiteMeasure> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const times = path.join(coverageDir, "time.txt");
    const npm = ["npm", "test", "--silent", "--", `--coverageDirectory=${coverageDir}`];
    const [command, ...args] = TIME ? [TIME, "-o", times, "-f", "%U %S", ...npm] : npm;
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, CI: "true", CHECKPOINT_DISABLE: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    const memory = watchMemory(child.pid!);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => {
      const peaks = memory.stop();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new BenchError(`bench: npm test failed (exit ${code}):\n${output.slice(-3000)}`));
      const tests = Number(/^Tests:\s+(?:.*?)(\d+) total/m.exec(output)?.[1] ?? NaN);
      const cpu = TIME && fs.existsSync(times) ? fs.readFileSync(times, "utf8").trim().split("\n").pop()!.split(" ").map(Number) : [NaN];
      resolve({ seconds, cpuSeconds: cpu.reduce((a, b) => a + b, 0), tests, memory: peaks });
    });
  });
}

function median(measures: Measure[]): Measure {
  const sorted = [...measures].sort((a, b) => a.seconds - b.seconds);
  const rss = measures.map((m) => m.maxRssMiB).filter((m): m is number => m !== undefined);
  return { seconds: sorted[Math.floor(sorted.length / 2)].seconds, maxRssMiB: rss.length ? Math.max(...rss) : undefined };
}

function repeat(times: number, fn: () => Measure): Measure {
  fn(); // warm the file cache and tsx's transform cache
  return median(Array.from({ length: times }, fn));
}

/** Every module the app imports from the provider packages, found in the sources. */
function providerModules(): string[] {
  const modules = new Set<string>(["cdktf", "constructs"]);
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (file.endsWith(".ts")) {
        for (const match of fs.readFileSync(file, "utf8").matchAll(/from "(@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+)"/g)) modules.add(match[1]);
      }
    }
  };
  ["config", "stacks", "constructs", "lib"].forEach((d) => visit(path.join(ROOT, d)));
  return [...modules].sort();
}

function row(name: string, m: Measure, target: string, met: boolean): string[] {
  return [name, `${m.seconds.toFixed(2)} s`, m.maxRssMiB ? `${m.maxRssMiB.toFixed(0)} MiB` : "n/a", target, met ? "met" : "MISSED"];
}

const mib = (value: number) => (value >= 1024 ? `${(value / 1024).toFixed(1)} GiB` : `${value.toFixed(0)} MiB`);

/** Replaces the text between `<!-- <marker>:start -->` and `<!-- <marker>:end -->` in `file`. */
function rewrite(file: string, marker: string, body: string): void {
  const text = fs.readFileSync(file, "utf8");
  const pattern = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`);
  if (!pattern.test(text)) throw new BenchError(`bench: ${path.relative(ROOT, file)} has no <!-- ${marker}:start --> ... <!-- ${marker}:end --> block`);
  fs.writeFileSync(file, text.replace(pattern, `<!-- ${marker}:start -->\n${body}\n<!-- ${marker}:end -->`));
}

async function main(options: BenchOptions): Promise<void> {
  const RUNS = options.runs;
  const loadBefore = os.loadavg()[0];
  const node = process.execPath;
  const modules = providerModules();
  const floorScript = modules.map((m) => `require(${JSON.stringify(m)});`).join("");

  console.error(`bench: ${RUNS} runs each on ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  const direct = repeat(RUNS, () => run(node, ["--import", "tsx", "main.ts"]));
  const compiled = withScratch((dist) => {
    const build = spawnSync("npx", ["tsc", "-p", ".", "--outDir", dist, "--tsBuildInfoFile", path.join(dist, ".tsbuildinfo")], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new BenchError(`bench: tsc failed:\n${build.stdout}${build.stderr}`);
    return repeat(RUNS, () => run(node, [path.join(dist, "main.js")]));
  });
  const viaCli = withScratch((output) =>
    repeat(Math.max(3, Math.ceil(RUNS / 2)), () => run(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--quiet", "--output", output])),
  );
  const floor = repeat(RUNS, () => run(node, ["-e", floorScript]));
  const coverage = fs.mkdtempSync(path.join(os.tmpdir(), "payment-bench-coverage-"));
  const suites: SuiteMeasure[] = [];
  try {
    await runSuite(coverage); // warm Jest's cache and the plan harness's .terraform
    for (let i = 0; i < options.suiteRuns; i++) suites.push(await runSuite(coverage));
  } finally {
    fs.rmSync(coverage, { recursive: true, force: true });
  }
  const bySeconds = [...suites].sort((a, b) => a.seconds - b.seconds);
  const suite = bySeconds[Math.floor(bySeconds.length / 2)];
  const suiteSpread = `${bySeconds[0].seconds.toFixed(1)}-${bySeconds[bySeconds.length - 1].seconds.toFixed(1)} s over ${suites.length} runs`;
  const suiteCpu = Number.isFinite(suite.cpuSeconds) ? `, ${suite.cpuSeconds.toFixed(0)} s of CPU` : "";

  const growth = [3, 10, 30].map((services) => ({
    services,
    ...repeat(RUNS, () => run(node, ["--import", "tsx", "scripts/bench-synth.ts", String(services)])),
  }));
  const perService = (growth[2].seconds - growth[0].seconds) / (growth[2].services - growth[0].services);
  const linear = Math.abs((growth[1].seconds - growth[0].seconds) / 7 - perService) < Math.max(0.01, perService);

  const largest = { jest: Math.max(...suites.map((s) => s.memory.largest.jest)), terraform: Math.max(...suites.map((s) => s.memory.largest.terraform)) };
  const total = { terraform: Math.max(...suites.map((s) => s.memory.total.terraform)) };
  const suiteMemory = `Jest ${mib(largest.jest)}; Terraform ${mib(largest.terraform)} per process, ${mib(total.terraform)} together`;
  const table = [
    ["measure", "median", "peak memory", "target", "result"],
    row("(a) synth all stacks, app run directly (`npm run synth`, tsx)", direct, "<= 1.5 s and <= 2x (c)", direct.seconds <= 1.5 && direct.seconds <= 2 * floor.seconds),
    row("(a') the same, precompiled (`tsc` then `node dist/main.js`)", compiled, "<= 1.5 s and <= 2x (c)", compiled.seconds <= 1.5 && compiled.seconds <= 2 * floor.seconds),
    row("(b) synth through `cdktf synth`", viaCli, "<= 5 s", viaCli.seconds <= 5),
    row(`(c) floor: load cdktf + ${modules.length - 2} provider modules`, floor, "reference", true),
    [
      `(d) \`npm test\` (${suite.tests} tests, coverage, offline terraform plan)`,
      `${suite.seconds.toFixed(2)} s (${suiteSpread}${suiteCpu})`,
      suiteMemory,
      "<= 45 s; each Jest process <= 500 MiB",
      suite.seconds <= 45 && largest.jest <= 500 ? "met" : "MISSED",
    ],
    ...growth.map((g) => row(`(e) synth with ${g.services} services`, g, "linear", true)),
    ["(e) growth per extra service", `${(perService * 1000).toFixed(1)} ms`, "", "<= 20 ms, linear", perService <= 0.02 && linear ? "met" : "MISSED"],
  ];
  const markdown = [
    `| ${table[0].join(" | ")} |`,
    `|${table[0].map(() => "---").join("|")}|`,
    ...table.slice(1).map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
  // Other work on the machine slows every figure: say how busy it was.
  const machine =
    `${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ` +
    `${os.type()} ${os.release()}, load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0].toFixed(1)} after`;
  const date = new Date().toISOString().slice(0, 10);
  const runsNote = `${RUNS} runs per median (the suite: ${options.suiteRuns} after a warm-up run)`;
  console.log(`${markdown}\n\nmachine: ${machine}; ${runsNote}`);
  if (!options.write) {
    console.error("bench: nothing written; `npm run bench -- --write` puts these figures into help/performance.md and README.md");
    return;
  }
  rewrite(path.join(ROOT, "help", "performance.md"), "bench", `Measured ${date} on ${machine}, ${runsNote}:\n\n${markdown}`);
  rewrite(
    path.join(ROOT, "README.md"),
    "bench",
    `Measured on ${os.cpus().length} cores at load average ${loadBefore.toFixed(1)} (\`npm run bench\`, ${date}, see [help/performance.md](help/performance.md)): \`npm run synth\` ${direct.seconds.toFixed(2)} s; ` +
      `\`npx cdktf synth\` ${viaCli.seconds.toFixed(1)} s; \`npm test\` ${suite.seconds.toFixed(1)} s for ${suite.tests} tests, ` +
      `the largest Jest process ${mib(largest.jest)} (Terraform's provider processes, outside Jest: ${mib(total.terraform)} together).`,
  );
  console.error("bench: wrote help/performance.md and README.md");
}

if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  if ("errors" in options) {
    for (const error of options.errors) console.error(error);
    process.exitCode = 2;
  } else {
    main(options).catch((error: unknown) => {
      console.error(error instanceof BenchError ? error.message : `bench: ${String(error)}`);
      process.exitCode = 1;
    });
  }
}
