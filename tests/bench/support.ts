/**
 * Shared pieces of the benchmarks: the figure line, the --quick flag, services as processes,
 * peak memory of a process, and CPU time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const QUICK = process.argv.includes('--quick');

/**
 * One figure per line, for people and for scripts: `name value unit`, followed by
 * `floor <value> ratio <x>` when the figure has a floor measured in the same run.
 */
export function figure(name: string, value: number, unit: string, floor?: { value: number; ratio: number }, digits = 1): string {
  const line = `${name} ${value.toFixed(digits)} ${unit}` + (floor ? ` floor ${floor.value.toFixed(digits)} ratio ${floor.ratio.toFixed(2)}` : '');
  console.log(line);
  return line;
}

export function note(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/** CPU time of this process so far, user + system, in ms (all its threads: GC included). */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Peak resident set of a live process (Linux VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
  if (!m) throw new Error(`no VmHWM for process ${pid}`);
  return Number(m[1]) / 1024;
}

/** CPU time a live process has used so far (utime + stime from /proc), in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11], fields[12] are utime and stime (fields 14 and 15 of stat), in clock ticks
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export interface Child {
  name: string;
  process: ChildProcess;
  url: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry as its own Node process and waits for its /healthz. */
export async function startChild(name: string, entry: string, args: string[], env: Record<string, string>, url: string): Promise<Child> {
  // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to every child: profiling.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', resolve(ROOT, entry), ...args], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${err}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} not healthy in 120 s: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, process: child, url, stderr: () => err, stop };
}
