import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * `npm run bench`: how fast the app synthesizes and the suite runs on this machine, against
 * the targets in help/performance.md. Medians over several runs; peak memory from GNU time
 * (max RSS of the largest process of the command). Writes the table into help/performance.md.
 */

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface Measure {
  readonly seconds: number;
  readonly maxRssMiB?: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "payment-bench-"));
  const fullEnv = { ...process.env, CDKTF_OUTDIR: outdir, CI: "true", ...env };
  const argv = TIME ? ["-f", "%e %M", command, ...args] : args;
  const started = process.hrtime.bigint();
  const result = spawnSync(TIME ?? command, argv, { cwd: ROOT, env: fullEnv, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  const timeLine = TIME ? result.stderr.trim().split("\n").pop() : undefined;
  const rssKiB = timeLine ? Number(timeLine.split(" ")[1]) : NaN;
  return { seconds, maxRssMiB: Number.isFinite(rssKiB) ? rssKiB / 1024 : undefined };
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

function main(): void {
  const node = process.execPath;
  const modules = providerModules();
  const floorScript = modules.map((m) => `require(${JSON.stringify(m)});`).join("");

  console.error(`bench: ${RUNS} runs each on ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  const direct = repeat(RUNS, () => run(node, ["--import", "tsx", "main.ts"]));
  const build = spawnSync("npx", ["tsc", "-p", "."], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`);
  const compiled = repeat(RUNS, () => run(node, [path.join("dist", "main.js")]));
  const viaCli = repeat(Math.max(3, Math.ceil(RUNS / 2)), () => run(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--quiet"]));
  const floor = repeat(RUNS, () => run(node, ["-e", floorScript]));
  const suite = repeat(1, () => run("npm", ["test", "--silent"]));

  const growth = [3, 10, 30].map((services) => ({
    services,
    ...repeat(RUNS, () => run(node, ["--import", "tsx", "scripts/bench-synth.ts", String(services)])),
  }));
  const perService = (growth[2].seconds - growth[0].seconds) / (growth[2].services - growth[0].services);
  const linear = Math.abs((growth[1].seconds - growth[0].seconds) / 7 - perService) < Math.max(0.01, perService);

  const table = [
    ["measure", "median", "peak memory", "target", "result"],
    row("(a) synth 4 stacks, app run directly (`npm run synth`, tsx)", direct, "<= 1.5 s and <= 2x (c)", direct.seconds <= 1.5 && direct.seconds <= 2 * floor.seconds),
    row("(a') the same, precompiled (`tsc` then `node dist/main.js`)", compiled, "<= 1.5 s and <= 2x (c)", compiled.seconds <= 1.5 && compiled.seconds <= 2 * floor.seconds),
    row("(b) synth through `cdktf synth`", viaCli, "<= 5 s", viaCli.seconds <= 5),
    row(`(c) floor: load cdktf + ${modules.length - 2} provider modules`, floor, "reference", true),
    row("(d) `npm test` (incl. terraform validate)", suite, "<= 30 s, <= 500 MiB", suite.seconds <= 30 && (suite.maxRssMiB ?? 0) <= 500),
    ...growth.map((g) => row(`(e) synth with ${g.services} services`, g, "linear", true)),
    ["(e) growth per extra service", `${(perService * 1000).toFixed(1)} ms`, "", "<= 20 ms, linear", perService <= 0.02 && linear ? "met" : "MISSED"],
  ];
  const markdown = [
    `| ${table[0].join(" | ")} |`,
    `|${table[0].map(() => "---").join("|")}|`,
    ...table.slice(1).map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
  console.log(`${markdown}\n\nmachine: ${machine}; ${RUNS} runs per median`);

  const doc = path.join(ROOT, "help", "performance.md");
  const text = fs.readFileSync(doc, "utf8");
  const block = `<!-- bench:start -->\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}, ${RUNS} runs per median:\n\n${markdown}\n<!-- bench:end -->`;
  fs.writeFileSync(doc, text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block));
}

main();
