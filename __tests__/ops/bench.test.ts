import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "../../scripts/bench";
import { classify, processTree, watchMemory } from "../../scripts/process-memory";

describe("npm run bench arguments", () => {
  it("writes the docs only when asked", () => {
    expect(parseArgs([], {})).toEqual({ write: false, runs: 5, suiteRuns: 3 });
    expect(parseArgs(["--write"], { BENCH_RUNS: "3", BENCH_SUITE_RUNS: "1" })).toEqual({ write: true, runs: 3, suiteRuns: 1 });
  });

  it("names each problem on one line", () => {
    expect(parseArgs(["--rewrite", "x"], { BENCH_RUNS: "0", BENCH_SUITE_RUNS: "20" })).toEqual({
      errors: [
        'bench: unknown argument "--rewrite"; usage: npm run bench [-- --write]   (BENCH_RUNS=<n> sets the runs per median, default 5; BENCH_SUITE_RUNS=<n> those of npm test, default 3)',
        'bench: unknown argument "x"; usage: npm run bench [-- --write]   (BENCH_RUNS=<n> sets the runs per median, default 5; BENCH_SUITE_RUNS=<n> those of npm test, default 3)',
        'bench: BENCH_RUNS = "0": must be a whole number from 1 to 50',
        'bench: BENCH_SUITE_RUNS = "20": must be a whole number from 1 to 10',
      ],
    });
  });
});

describe("process memory", () => {
  it("counts Terraform and its providers apart from Jest", () => {
    expect(classify("/usr/bin/terraform\0test\0-json")).toBe("terraform");
    expect(classify(".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5")).toBe("terraform");
    expect(classify("/usr/bin/node\0/repo/node_modules/.bin/jest\0--coverage")).toBe("jest");
    expect(classify("/usr/bin/node\0/repo/node_modules/jest-worker/build/processChild.js")).toBe("jest");
    expect(classify("/usr/bin/node\0/usr/lib/node_modules/npm/bin/npm-cli.js\0test")).toBe("other");
  });

  /** A /proc-like folder: pid -> [ppid, rss KiB, cmdline]. */
  function fakeProc(processes: Record<number, [number, number, string]>): string {
    const proc = fs.mkdtempSync(path.join(os.tmpdir(), "proc-"));
    for (const [pid, [ppid, rss, cmdline]] of Object.entries(processes)) {
      fs.mkdirSync(path.join(proc, pid));
      fs.writeFileSync(path.join(proc, pid, "status"), `Name:\tx\nPPid:\t${ppid}\nVmRSS:\t  ${rss} kB\n`);
      fs.writeFileSync(path.join(proc, pid, "cmdline"), cmdline);
    }
    fs.mkdirSync(path.join(proc, "self"));
    return proc;
  }

  const proc = fakeProc({
    10: [1, 50_000, "npm\0test"],
    11: [10, 400_000, "/usr/bin/node\0node_modules/.bin/jest"],
    12: [11, 300_000, "/usr/bin/node\0node_modules/jest-worker/build/processChild.js"],
    13: [12, 100_000, "/usr/bin/terraform\0test"],
    14: [13, 600_000, "/x/terraform-provider-aws_v5.100.0_x5"],
    15: [13, 500_000, "/x/terraform-provider-aws_v5.100.0_x5"],
    99: [1, 900_000, "/usr/bin/node\0unrelated jest"],
  });

  it("follows the tree of one root only", () => {
    expect(processTree(11, proc).map((p) => p.pid).sort()).toEqual([11, 12, 13, 14, 15]);
  });

  it("reports the largest process and the largest total per kind", async () => {
    const watch = watchMemory(10, 5, proc);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const peaks = watch.stop();
    expect(peaks.samples).toBeGreaterThan(0);
    expect(peaks.largest.jest).toBeCloseTo(400_000 / 1024);
    expect(peaks.largest.terraform).toBeCloseTo(600_000 / 1024);
    expect(peaks.total.terraform).toBeCloseTo(1_200_000 / 1024);
    expect(peaks.total.jest).toBeCloseTo(700_000 / 1024);
  });
});
