import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Peak memory of a command's process tree, by kind of process, sampled from /proc (Linux).
 * GNU time reports only the largest single process, which for `npm test` is a Terraform
 * provider, not Jest: the 500 MiB budget is for Jest processes, so they are counted apart.
 */

export type ProcessKind = "jest" | "terraform" | "other";

export interface MemoryPeaks {
  /** Largest resident set of one process of each kind, MiB. */
  readonly largest: Readonly<Record<ProcessKind, number>>;
  /** Largest sum over the processes of each kind alive at one sample, MiB. */
  readonly total: Readonly<Record<ProcessKind, number>>;
  readonly samples: number;
}

/** Terraform and its provider plugins are one kind; node processes running Jest are another. */
export function classify(cmdline: string): ProcessKind {
  const [command = ""] = cmdline.split("\0");
  const name = path.basename(command);
  if (name === "terraform" || name.startsWith("terraform-provider-")) return "terraform";
  if (/(^|\/)node$/.test(command) && /jest/.test(cmdline)) return "jest";
  return "other";
}

interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly rssKiB: number;
  readonly kind: ProcessKind;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** Every process under `root` (itself included), from a /proc-like folder. */
export function processTree(root: number, proc = "/proc"): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const entry of fs.readdirSync(proc).filter((e) => /^\d+$/.test(e))) {
    const status = read(path.join(proc, entry, "status"));
    const cmdline = read(path.join(proc, entry, "cmdline"));
    if (status === undefined || cmdline === undefined) continue;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    const rssKiB = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    all.push({ pid: Number(entry), ppid, rssKiB, kind: classify(cmdline) });
  }
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => inTree.has(p.pid));
}

/** Samples `root`'s tree every `intervalMs` until `stop()`, which returns the peaks. */
export function watchMemory(root: number, intervalMs = 200, proc = "/proc"): { stop: () => MemoryPeaks } {
  const kinds: ProcessKind[] = ["jest", "terraform", "other"];
  const largest = { jest: 0, terraform: 0, other: 0 };
  const total = { jest: 0, terraform: 0, other: 0 };
  let samples = 0;
  const sample = () => {
    const tree = processTree(root, proc);
    samples++;
    for (const kind of kinds) {
      const rss = tree.filter((p) => p.kind === kind).map((p) => p.rssKiB / 1024);
      largest[kind] = Math.max(largest[kind], ...rss, 0);
      total[kind] = Math.max(total[kind], rss.reduce((a, b) => a + b, 0));
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { largest, total, samples };
    },
  };
}
