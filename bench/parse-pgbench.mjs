#!/usr/bin/env node
// Turns one pgbench run directory (out.txt, per-transaction logs tx.*, client-cpu from GNU time) into the JSON that
// bench/report.mjs reads. One pgbench transaction = one execution of the script = one flow.
//   node parse-pgbench.mjs DIR CLIENTS PG_JIFFIES MACHINE_JIFFIES LOAD0 LOAD1
import fs from 'node:fs';
import path from 'node:path';

const [dir, clients, pgJiffies, machineJiffies, load0, load1] = process.argv.slice(2);
const out = fs.readFileSync(path.join(dir, 'out.txt'), 'utf8');
const num = re => { const m = out.match(re); return m ? Number(m[1]) : null; };
const lat = [];
for (const f of fs.readdirSync(dir).filter(f => f.startsWith('tx.'))) {
  for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
    const parts = line.split(' ');
    // With --rate (-R) a 7th field is the schedule lag: latency counts from the scheduled start, as ws.mjs does.
    if (parts.length >= 6) lat.push((Number(parts[2]) + (parts.length >= 7 ? Number(parts[6]) : 0)) / 1000);
  }
}
lat.sort((a, b) => a - b);
const pct = p => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p / 100 * lat.length))] : null;
const cdf = [];
for (let i = 1; i <= 100; i++) cdf.push([i, pct(i === 100 ? 99.9 : i)]);
let clientCpu = null;
try { clientCpu = fs.readFileSync(path.join(dir, 'client-cpu'), 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0); } catch {}
const duration = num(/duration: (\d+) s/);
const flows = num(/number of transactions actually processed: (\d+)/);
const r = {
  clients: Number(clients), duration_s: duration, flows, flows_per_s: num(/tps = ([\d.]+)/),
  failed: num(/number of failed transactions: (\d+)/) ?? 0,
  flow_ms: { n: lat.length, p50: pct(50), p90: pct(90), p99: pct(99), max: lat[lat.length - 1] ?? null },
  pg_cpu_s: Number(pgJiffies) / 100, client_cpu_s: clientCpu, machine_busy_s: Number(machineJiffies) / 100,
  loadavg: [Number(load0), Number(load1)], flow_cdf_ms: cdf,
};
r.others_cpu_s = Math.max(0, r.machine_busy_s - r.pg_cpu_s - (clientCpu ?? 0));
console.log(JSON.stringify(r));
process.stderr.write(`[bench]   pgbench ${path.basename(dir).replace(/^pgbench-/, '')}: ${r.flows_per_s?.toFixed(1)} flows/s, p50 ${r.flow_ms.p50?.toFixed(0)} ms, p99 ${r.flow_ms.p99?.toFixed(0)} ms, failed ${r.failed}\n`);
