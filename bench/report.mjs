#!/usr/bin/env node
// Writes docs/benchmarks.md (and PNG plots when gnuplot is there) from one bench/run output directory.
//   node bench/report.mjs bench/out/<stamp> docs/benchmarks.md docs/benchmarks [--before bench/out/<older stamp>]
// Numbers are medians over the rounds of the run; ratios are medians of the per-round ratios (each Parley round is
// paired with the baseline round that ran right after it). Hand-written analysis comes from bench/analysis.md.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { modelRows } from './report-model.mjs';

const [outDir, mdPath, plotDir] = process.argv.slice(2);
const beforeIdx = process.argv.indexOf('--before');
const beforeDir = beforeIdx > 0 ? process.argv[beforeIdx + 1] : null;
const benchDir = path.dirname(new URL(import.meta.url).pathname);

function load(dir) {
  const res = {};
  const rd = path.join(dir, 'results');
  for (const f of fs.existsSync(rd) ? fs.readdirSync(rd) : []) {
    if (f.endsWith('.json')) res[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(rd, f), 'utf8'));
  }
  const machine = JSON.parse(fs.readFileSync(path.join(dir, 'machine.json'), 'utf8'));
  return { res, machine };
}
const { res, machine } = load(outDir);
const before = beforeDir ? load(beforeDir) : null;

const median = xs => {
  const s = xs.filter(x => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rounds = (r, prefix) => Object.keys(r).filter(k => new RegExp(`^${prefix}-r\\d+$`).test(k))
  .sort((a, b) => Number(a.split('-r').pop()) - Number(b.split('-r').pop())).map(k => r[k]);
const f = (x, d = 1) => x === null || x === undefined ? '—' : Number(x).toFixed(d);
const pctStr = x => x === null || x === undefined ? '—' : `${(100 * x).toFixed(0)}%`;
const spread = xs => { const v = xs.filter(x => x != null); return v.length > 1 ? `${f(Math.min(...v))}–${f(Math.max(...v))}` : '—'; };
const cores = (cpuS, durS) => cpuS == null || !durS ? null : cpuS / durS;

// ---- collect ----------------------------------------------------------------------------------------------------
function flowSummary(r) {
  const parley = rounds(r, 'flow-parley'), writes = rounds(r, 'flow-pgbench-writes'), full = rounds(r, 'flow-pgbench-full');
  if (!parley.length) return null;
  const pair = (a, b) => a.map((x, i) => b[i] ? x.flows_per_s / b[i].flows_per_s : null);
  return {
    parley, writes, full,
    fps: median(parley.map(x => x.flows_per_s)), p50: median(parley.map(x => x.flow_ms.p50)), p99: median(parley.map(x => x.flow_ms.p99)),
    wfps: median(writes.map(x => x.flows_per_s)), wp50: median(writes.map(x => x.flow_ms.p50)), wp99: median(writes.map(x => x.flow_ms.p99)),
    ffps: median(full.map(x => x.flows_per_s)), fp50: median(full.map(x => x.flow_ms.p50)), fp99: median(full.map(x => x.flow_ms.p99)),
    ratioW: median(pair(parley, writes)), ratioF: median(pair(parley, full)),
    serverMs: median(parley.map(x => 1000 * x.server_cpu_s / x.flows)), pgMs: median(parley.map(x => 1000 * x.pg_cpu_s / x.flows)),
    clientMs: median(parley.map(x => 1000 * x.client_cpu_s / x.flows)),
    wPgMs: median(writes.map(x => 1000 * x.pg_cpu_s / x.flows)), fPgMs: median(full.map(x => 1000 * x.pg_cpu_s / x.flows)),
    wClientMs: median(writes.map(x => 1000 * (x.client_cpu_s ?? 0) / x.flows)),
  };
}
const flow = flowSummary(res);
const flowBefore = before ? flowSummary(before.res) : null;

const statelessP = rounds(res, 'stateless-parley'), echo = rounds(res, 'stateless-echo');
const stateless = echo.length ? {
  rps: median(statelessP.map(x => x.requests_per_s)), p50: median(statelessP.map(x => x.latency_ms.p50)), p99: median(statelessP.map(x => x.latency_ms.p99)),
  erps: median(echo.map(x => x.requests_per_s)), ep50: median(echo.map(x => x.latency_ms.p50)), ep99: median(echo.map(x => x.latency_ms.p99)),
  ratio: statelessP.length ? median(statelessP.map((x, i) => echo[i] ? x.requests_per_s / echo[i].requests_per_s : null)) : null,
  pending: !!res['stateless-pending'],
} : null;

const wsClosed = rounds(res, 'ws-closed'), wsPg = rounds(res, 'ws-pgbench'), wsOpen = rounds(res, 'ws-open1000');
const wsCommits = rounds(res, 'ws-commits').filter(x => x.messages > 0).map(x => x.commits / x.messages);
const ws = wsClosed.length ? {
  mps: median(wsClosed.map(x => x.messages_per_s)), p50: median(wsClosed.map(x => x.latency_ms.p50)), p99: median(wsClosed.map(x => x.latency_ms.p99)),
  pgtps: median(wsPg.map(x => x.flows_per_s)),
  ratio: median(wsClosed.map((x, i) => wsPg[i] ? x.messages_per_s / wsPg[i].flows_per_s : null)),
  openP99: median(wsOpen.map(x => x.latency_ms.p99)), openP50: median(wsOpen.map(x => x.latency_ms.p50)), openRate: median(wsOpen.map(x => x.messages_per_s)),
} : null;
const hold = res['sockets-webcall'] ?? null, bare = res['sockets-bare'] ?? null;

const sweeper = rounds(res, 'sweeper');
const starts = Object.keys(res).filter(k => /^startup-\d+$/.test(k)).sort().map(k => res[k]);
const warmStarts = starts.filter(s => !s.first), firstStart = starts.find(s => s.first);
const directline = rounds(res, 'directline');

// ---- plots --------------------------------------------------------------------------------------------------------
const plots = [];
function gnuplot(script) {
  try { execFileSync('gnuplot', [], { input: script, stdio: ['pipe', 'ignore', 'pipe'] }); return true; } catch (e) { return false; }
}
if (plotDir) fs.mkdirSync(plotDir, { recursive: true });
const rel = p => path.relative(path.dirname(mdPath), p);
const sweepCs = [...new Set(Object.keys(res).filter(k => k.startsWith('sweep-parley-c')).map(k => Number(k.split('-c').pop())))].sort((a, b) => a - b);
if (plotDir && sweepCs.length > 1) {
  const dat = path.join(outDir, 'sweep.dat');
  fs.writeFileSync(dat, sweepCs.map(c => `${c} ${res[`sweep-parley-c${c}`].flows_per_s} ${res[`sweep-pgbench-writes-c${c}`]?.flows_per_s ?? 'NaN'}`).join('\n') + '\n');
  const png = path.join(plotDir, 'flow-throughput.png');
  if (gnuplot(`set terminal pngcairo size 800,450 font ",10"; set output "${png}"
set title "Stateful flow (open, 3 messages, end): throughput vs concurrency"; set xlabel "concurrent clients"; set ylabel "flows/s"
set logscale x 2; set grid; set key top left
plot "${dat}" using 1:2 with linespoints lw 2 title "Parley (HTTP, durable)", "${dat}" using 1:3 with linespoints lw 2 title "pgbench, same writes per flow"`)) plots.push(['Throughput vs concurrency', png]);
}
if (plotDir && flow) {
  const pick = xs => xs[Math.floor((xs.length - 1) / 2)];
  const p = pick([...flow.parley].sort((a, b) => a.flows_per_s - b.flows_per_s)), w = pick([...flow.writes].sort((a, b) => a.flows_per_s - b.flows_per_s));
  const dat = path.join(outDir, 'cdf.dat');
  fs.writeFileSync(dat, p.flow_cdf_ms.map(([q, v], i) => `${v} ${w?.flow_cdf_ms?.[i]?.[1] ?? 'NaN'} ${q}`).join('\n') + '\n');
  const png = path.join(plotDir, 'flow-latency-cdf.png');
  if (gnuplot(`set terminal pngcairo size 800,450 font ",10"; set output "${png}"
set title "Flow latency CDF at ${p.concurrency} clients (median round)"; set xlabel "flow latency (ms)"; set ylabel "percentile"
set logscale x; set grid; set key bottom right; set yrange [0:100]
plot "${dat}" using 1:3 with lines lw 2 title "Parley", "${dat}" using 2:3 with lines lw 2 title "pgbench, same writes"`)) plots.push(['Flow latency CDF', png]);
}

let wsRatePlot = null;
const wsRates = Object.keys(res).map(k => k.match(/^ws-rate-(\d+)$/)).filter(Boolean).map(m => Number(m[1])).sort((a, b) => a - b);
if (plotDir && wsRates.length > 1) {
  const dat = path.join(outDir, 'ws-rate.dat');
  fs.writeFileSync(dat, wsRates.map(r => `${r} ${res[`ws-rate-${r}`].latency_ms.p99} ${res[`ws-pgbench-rate-${r}`]?.flow_ms.p99 ?? 'NaN'} `
    + `${res[`ws-rate-${r}`].latency_ms.p50} ${res[`ws-pgbench-rate-${r}`]?.flow_ms.p50 ?? 'NaN'}`).join('\n') + '\n');
  const png = path.join(plotDir, 'ws-latency-vs-rate.png');
  if (gnuplot(`set terminal pngcairo size 800,450 font ",10"; set output "${png}"
set title "WebSocket message -> reply: latency vs offered rate (open loop)"; set xlabel "offered messages/s"; set ylabel "latency (ms)"
set logscale y; set grid; set key top left
plot "${dat}" using 1:2 with linespoints lw 2 title "Parley p99", "${dat}" using 1:3 with linespoints lw 2 title "pgbench, same writes, p99", \
  "${dat}" using 1:4 with linespoints dt 2 title "Parley p50", "${dat}" using 1:5 with linespoints dt 2 title "pgbench p50", 20 with lines lc rgb "black" dt 3 title "goal: p99 20 ms"`))
    wsRatePlot = ['WebSocket latency vs offered rate', png];
}

// ---- write --------------------------------------------------------------------------------------------------------
const L = [];
const m = machine;
L.push('# Benchmarks', '');
L.push(`Generated by \`bench/run${m.quick ? ' --quick' : ''}\` on ${m.date.slice(0, 16).replace('T', ' ')} UTC from \`${(m.git ?? '?').slice(0, 72)}\`; ` +
  `the whole run took ${m.wall_s ?? '?'} s. Regenerate with \`bench/run\` (see [bench/README.md](../bench/README.md)).`, '');
L.push('| machine | |', '|---|---|');
L.push(`| CPU | ${m.cpus} × ${m.cpu_model} |`, `| memory | ${m.mem_gib} GiB |`, `| kernel | ${m.kernel} |`, `| JDK | ${m.java} |`,
  `| PostgreSQL | ${(m.postgres ?? '').split(' on ')[0]} (${m.pg_settings}) |`, `| load generators | ${m.wrk}; Node ${m.node}; ${m.pgbench} |`,
  `| load average (1 min) at start / end | ${m.loadavg_start?.[0]?.toFixed(1)} / ${m.loadavg_end?.[0]?.toFixed(1)} |`, '');
L.push('All numbers are **medians** of the rounds of that run (spread in the detail tables). The machine has 2 cores that other',
  'engineers use for builds at the same time: read the "others" column (CPU used by processes that are neither the server,',
  'its PostgreSQL backends nor the load generator) before comparing two runs. The server, PostgreSQL and the load generator',
  'share those 2 cores, so every throughput here is CPU-bound; the CPU milliseconds per flow are the steadier figure.', '');

L.push('## Summary', '');
L.push('| hot path | Parley | baseline (the limit) | ratio | goal | |', '|---|---|---|---|---|---|');
const met = ok => ok === null ? '' : ok ? 'met' : '**not met**';
if (flow) {
  L.push(`| open → 3 messages → end, scripted agent, durable commits (concurrency ${flow.parley[0].concurrency}) | ${f(flow.fps)} flows/s (p50 ${f(flow.p50, 0)} ms, p99 ${f(flow.p99, 0)} ms) | pgbench, same inserts/updates and transactions per flow: ${f(flow.wfps)} flows/s | ${pctStr(flow.ratioW)} | ≥ 50% | ${met(flow.ratioW >= 0.5)} |`);
  L.push(`| the same, baseline with the reads too | | pgbench, every statement of the flow: ${f(flow.ffps)} flows/s | ${pctStr(flow.ratioF)} | (≥ 50%) | ${met(flow.ratioF >= 0.5)} |`);
} else L.push('| open → 3 messages → end | not measured in this run | | | ≥ 50% | |');
if (stateless && !stateless.pending) L.push(`| stateless completion turn, scripted agent | ${f(stateless.rps, 0)} req/s (p50 ${f(stateless.p50, 2)} ms, p99 ${f(stateless.p99, 2)} ms) | bare echo of the same JSON on the same server: ${f(stateless.erps, 0)} req/s | ${pctStr(stateless.ratio)} | ≥ 50% | ${met(stateless.ratio >= 0.5)} |`);
else L.push(`| stateless completion turn, scripted agent | **pending: endpoint not on this branch yet** (harness ready) | bare echo of the same JSON: ${stateless ? f(stateless.erps, 0) + ' req/s' : '—'} | — | ≥ 50% | |`);
if (ws) {
  L.push(`| WebSocket message → reply, durable (closed loop, ${wsClosed[0].sockets} sockets) | ${f(ws.mps, 0)} msg/s (p50 ${f(ws.p50, 1)} ms, p99 ${f(ws.p99, 1)} ms) | pgbench, same writes per message: ${f(ws.pgtps, 0)} tx/s | ${pctStr(ws.ratio)} | ≥ 50% | ${met(ws.ratio >= 0.5)} |`);
  if (wsCommits.length) L.push(`| Durable commits per socket message (writing transactions ÷ messages, closed loop) | ${f(median(wsCommits), 2)} | — | — | ≤ 2 | ${met(median(wsCommits) <= 2.05)} |`);
  L.push(`| the same at 1,000 msg/s offered (open loop, ${wsOpen[0]?.sockets ?? '—'} sockets) | p99 ${f(ws.openP99, 1)} ms (p50 ${f(ws.openP50, 1)} ms) at ${f(ws.openRate, 0)} msg/s answered | — | — | p99 ≤ 20 ms | ${met(ws.openP99 <= 20 && ws.openRate >= 950)} |`);
} else L.push(`| WebSocket message → reply, durable | **pending: ${res['ws-pending'] ? 'endpoint not on this branch yet' : 'not measured in this run'}** | pgbench, same writes per message | — | ≥ 50%; p99 ≤ 20 ms at 1,000 msg/s | |`);
if (hold) {
  const perKiB = hold.heap_per_socket_bytes / 1024;
  L.push(`| idle web chats held (each initialised: a chat open, greeting sent) | ${hold.sockets_up.toLocaleString('en')} sockets up of ${hold.sockets.toLocaleString('en')}, **${f(perKiB, 1)} KiB** live heap each; server RSS ${f(hold.rss_kib / 1024, 0)} MiB | bare Micronaut WebSocket on the same server: ${bare ? `${f(bare.heap_per_socket_bytes / 1024, 1)} KiB each (${bare.sockets_up.toLocaleString('en')} sockets)` : '≈ 6 KiB (issue)'}; bare Netty ≈ 1.4 KiB (issue) | ${bare ? f(hold.heap_per_socket_bytes / bare.heap_per_socket_bytes, 2) + '× bare' : '—'} | 19,000 sockets, ≤ 10 KiB each | ${hold.sockets < 19000 ? `(${hold.sockets.toLocaleString('en')} only: --quick)` : met(hold.sockets_up >= 19000 && perKiB <= 10)} |`);
} else L.push(`| idle web chats held | **pending: ${res['ws-pending'] ? 'endpoint not on this branch yet' : 'not measured in this run'}** | bare Micronaut ≈ 6 KiB, Netty ≈ 1.4 KiB | — | 19,000 sockets, ≤ 10 KiB heap each | |`);
if (sweeper.length) {
  const t = median(sweeper.map(s => s.total_s)), n = sweeper[0].sessions;
  const ok = sweeper.every(s => s.final_ttl === s.sessions && s.outbox_rows === s.sessions);
  L.push(`| TTL sweeper | ${n.toLocaleString('en')} expired sessions final with webhooks enqueued in ${f(t)} s (${f(median(sweeper.map(s => s.from_first_s)))} s after the first) | — | — | 100,000 in ≤ 60 s | ${n === 100000 ? met(ok && t <= 60) : `(${n.toLocaleString('en')} only: --quick)`} |`);
} else L.push('| TTL sweeper | not measured in this run | — | — | 100,000 in ≤ 60 s | |');
if (warmStarts.length) {
  const r = median(warmStarts.map(s => s.ready_s)), rss = median(warmStarts.map(s => s.idle_rss_kib / 1024));
  L.push(`| start-up against an external PostgreSQL | ready in ${f(r, 2)} s, idle RSS ${f(rss, 0)} MiB | — | — | ≤ 3 s, ≤ 300 MiB | ${met(r <= 3 && rss <= 300)} |`);
  const cdsStarts = Object.keys(res).filter(k => /^startup-cds-\d+$/.test(k)).map(k => res[k]);
  if (cdsStarts.length) {
    const rc = median(cdsStarts.map(s => s.ready_s)), rssc = median(cdsStarts.map(s => s.idle_rss_kib / 1024));
    L.push(`| the same with an AppCDS archive (the documented deployment) | ready in ${f(rc, 2)} s, idle RSS ${f(rssc, 0)} MiB | without the archive: ${f(r, 2)} s | ${f(rc / r, 2)}× | ≤ 3 s, ≤ 300 MiB | ${met(rc <= 3 && rssc <= 300)} |`);
  }
} else L.push('| start-up | not measured in this run | — | — | ≤ 3 s, ≤ 300 MiB | |');
if (directline.length) {
  const d = median(directline.map(x => x.flows_per_s));
  const ratio = flow ? flow.fps / d : null;
  L.push(`| side-by-side peer: offline-directline 1.3.1 + echo bot (in memory, no auth), same flow shape and load generator | Parley (durable, authenticated): ${flow ? f(flow.fps) + ' flows/s' : 'not measured in this run'} | offline-directline: ${f(d)} flows/s | ${ratio === null ? '—' : f(ratio, 2) + '×'} | ≥ 3× | ${ratio === null ? '' : met(ratio >= 3)} |`);
} else L.push('| side-by-side peer: offline-directline 1.3.1 | not measured in this run | | | ≥ 3× its flows/s | |');
const model = modelRows(res); // turns in flight, added latency (bench/report-model.mjs)
L.push(...model.summary);
L.push('');

if (flow) {
  L.push('## Stateful flow: open → 3 messages → end', '');
  L.push(`Closed loop, ${flow.parley[0].concurrency} clients, each running whole flows back to back (\`bench/load/flow.mjs\`, Node, keep-alive);`,
    'pgbench with the same number of clients runs `bench/pgbench/flow-writes.sql` (the inserts and updates Parley issues per flow,',
    `with the same transaction boundaries and the \`pg_notify\` of a web-channel chat, the outbox worker's post-call analysis and delivery included: ${m.commits_per_flow ?? '?'} write transactions per flow) and`,
    `\`flow-full.sql\` (${m.statements_per_flow ?? '?'} statements: also every read Parley still sends: the transcript each turn loads and the session the end locks; API keys, tenants and agents come from the server's cache after the first request, docs/decisions/0007). Both run`,
    'in prepared mode with durable commits (`synchronous_commit=on`). Rounds alternate Parley and pgbench.', '');
  L.push('| round | Parley flows/s | p50 ms | p99 ms | server CPU ms/flow | PostgreSQL CPU ms/flow | client CPU ms/flow | others (cores) | pgbench writes flows/s | p50 ms | p99 ms | PG CPU ms/flow | pgbench full flows/s | PG CPU ms/flow | load avg |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  flow.parley.forEach((p, i) => {
    const w = flow.writes[i], fu = flow.full[i];
    L.push(`| ${i + 1} | ${f(p.flows_per_s)} | ${f(p.flow_ms.p50, 0)} | ${f(p.flow_ms.p99, 0)} | ${f(1000 * p.server_cpu_s / p.flows, 1)} | ${f(1000 * p.pg_cpu_s / p.flows, 1)} | ${f(1000 * p.client_cpu_s / p.flows, 1)} | ${f(cores(p.others_cpu_s, p.duration_s), 2)} | ${f(w?.flows_per_s)} | ${f(w?.flow_ms.p50, 0)} | ${f(w?.flow_ms.p99, 0)} | ${f(w ? 1000 * w.pg_cpu_s / w.flows : null, 1)} | ${f(fu?.flows_per_s)} | ${f(fu ? 1000 * fu.pg_cpu_s / fu.flows : null, 1)} | ${f(p.loadavg?.[0], 1)} |`);
  });
  L.push(`| **median** | **${f(flow.fps)}** | ${f(flow.p50, 0)} | ${f(flow.p99, 0)} | **${f(flow.serverMs, 1)}** | ${f(flow.pgMs, 1)} | ${f(flow.clientMs, 1)} | | **${f(flow.wfps)}** | ${f(flow.wp50, 0)} | ${f(flow.wp99, 0)} | ${f(flow.wPgMs, 1)} | ${f(flow.ffps)} | ${f(flow.fPgMs, 1)} | |`, '');
  const steps = ['open', 'message', 'end'].map(s => [s, median(flow.parley.map(p => p.step_ms?.[s]?.p50)), median(flow.parley.map(p => p.step_ms?.[s]?.p99))]);
  L.push('Per request (median of rounds): ' + steps.map(([s, a, b]) => `${s} p50 ${f(a, 1)} ms / p99 ${f(b, 1)} ms`).join('; ') + '.', '');
  if (sweepCs.length) {
    L.push('Throughput vs concurrency (one short run each):', '', '| clients | Parley flows/s | Parley p99 ms | pgbench (writes) flows/s | ratio |', '|---|---|---|---|---|');
    for (const c of sweepCs) {
      const p = res[`sweep-parley-c${c}`], w = res[`sweep-pgbench-writes-c${c}`];
      L.push(`| ${c} | ${f(p.flows_per_s)} | ${f(p.flow_ms.p99, 0)} | ${f(w?.flows_per_s)} | ${w ? pctStr(p.flows_per_s / w.flows_per_s) : '—'} |`);
    }
    L.push('');
  }
  for (const [title, png] of plots) L.push(`![${title}](${rel(png)})`, '');
}
if (flowBefore && flow) {
  L.push('## Before and after the fixes', '', `"Before": run of ${before.machine.date.slice(0, 16).replace('T', ' ')} UTC (\`${before.machine.git}\`).`, '',
    '| | before | after |', '|---|---|---|',
    `| Parley flows/s | ${f(flowBefore.fps)} | ${f(flow.fps)} |`, `| p50 / p99 ms | ${f(flowBefore.p50, 0)} / ${f(flowBefore.p99, 0)} | ${f(flow.p50, 0)} / ${f(flow.p99, 0)} |`,
    `| server CPU ms/flow | ${f(flowBefore.serverMs, 1)} | ${f(flow.serverMs, 1)} |`, `| PostgreSQL CPU ms/flow | ${f(flowBefore.pgMs, 1)} | ${f(flow.pgMs, 1)} |`,
    `| pgbench (writes) flows/s in the same run | ${f(flowBefore.wfps)} | ${f(flow.wfps)} |`, `| ratio | ${pctStr(flowBefore.ratioW)} | ${pctStr(flow.ratioW)} |`, '');
}

L.push('## Stateless completion turn vs a bare echo endpoint', '');
if (stateless) {
  L.push(`wrk, 2 threads, ${HTTP_C()} connections, ${f(echo[0]?.duration_s, 0)} s per round, the same JSON body for both (\`bench/wrk/post-json.lua\`).`,
    'The echo is `POST /bench/echo` (`BenchEchoController` in `bench/bare-endpoints`, on the class path only at benchmark time): the body',
    'answered as it came, on the event loop, without authentication. The completion request is a second turn replayed with',
    'its state and history, so it authenticates, checks that the call has not ended, runs the scripted agent, seals a new',
    'state and writes nothing — the endpoint\'s hot path.', '');
  L.push('| round | completion req/s | p50 ms | p99 ms | echo req/s | p50 ms | p99 ms | load avg |', '|---|---|---|---|---|---|---|---|');
  echo.forEach((e, i) => {
    const p = statelessP[i];
    L.push(`| ${i + 1} | ${p ? f(p.requests_per_s, 0) : 'pending'} | ${f(p?.latency_ms.p50, 2)} | ${f(p?.latency_ms.p99, 2)} | ${f(e.requests_per_s, 0)} | ${f(e.latency_ms.p50, 2)} | ${f(e.latency_ms.p99, 2)} | ${f(e.loadavg?.[0], 1)} |`);
  });
  L.push('');
} else L.push('Not measured in this run.', '');

L.push('## WebSocket message → reply', '');
if (ws) {
  L.push(`\`bench/load/ws.mjs\` (Node, \`ws\`) on \`/api/v1/ws/webCall\` (seed 05): every socket opens with a web integration token,`,
    'sends `initialize` and waits for the `connection` event; then each message (`incomingChatMessage`) is timed until the',
    'agent\'s `text` frame carrying it arrives. Closed loop: each socket sends its next message when the reply came. Open loop:',
    'messages at a fixed total rate over the sockets, latency from the intended send time (no coordinated omission). The baseline',
    `is pgbench running \`bench/pgbench/turn-writes.sql\` (the writes of one message, with their transaction boundaries: the lease claim with the turn's started event, then the turn's transaction with its pg_notify, the user's and the reply's frames and the delivery cursor — 2 commits, docs/decisions/0019) with ${wsPg[0]?.clients ?? 'as many'} clients.`, '');
  L.push('| round | msg/s (closed loop) | p50 ms | p99 ms | pgbench turn tx/s | ratio | open loop 1,000 msg/s: answered/s | p50 ms | p99 ms | errors |', '|---|---|---|---|---|---|---|---|---|---|');
  wsClosed.forEach((x, i) => L.push(`| ${i + 1} | ${f(x.messages_per_s, 0)} | ${f(x.latency_ms.p50, 1)} | ${f(x.latency_ms.p99, 1)} | ${f(wsPg[i]?.flows_per_s, 0)} | ${wsPg[i] ? pctStr(x.messages_per_s / wsPg[i].flows_per_s) : '—'} | ${f(wsOpen[i]?.messages_per_s, 0)} | ${f(wsOpen[i]?.latency_ms.p50, 1)} | ${f(wsOpen[i]?.latency_ms.p99, 1)} | ${x.errors + (wsOpen[i]?.errors ?? 0)} |`));
  L.push(`| **median** | **${f(ws.mps, 0)}** | ${f(ws.p50, 1)} | ${f(ws.p99, 1)} | **${f(ws.pgtps, 0)}** | **${pctStr(ws.ratio)}** | ${f(ws.openRate, 0)} | ${f(ws.openP50, 1)} | **${f(ws.openP99, 1)}** | |`, '');
  if (wsCommits.length) L.push(`Commits per message, measured: the writing transactions PostgreSQL committed (its transaction-id counter: read-only transactions take no id) over each closed-loop round, divided by the replies — ${wsCommits.map(x => f(x, 2)).join(', ')} (median **${f(median(wsCommits), 2)}**). The chat opens and background work (outbox, sweeper) count too, so this is an upper bound.`, '');
  if (wsRates.length) {
    L.push('Latency against the offered rate (open loop, one run per rate): Parley on 200 sockets, and pgbench with the same writes',
      `per message at the same schedule (\`-R\`, ${res[`ws-pgbench-rate-${wsRates[0]}`]?.clients ?? 'as many'} clients: as many as Parley's connection pool; latency from each transaction's scheduled start, as for Parley). Where the`,
      'baseline itself misses 20 ms, no server writing the same commits can meet it on this machine.', '');
    L.push('| offered msg/s | Parley answered/s | p50 ms | p99 ms | pgbench (same writes) tx/s | p50 ms | p99 ms |', '|---|---|---|---|---|---|---|');
    for (const rate of wsRates) {
      const p = res[`ws-rate-${rate}`], g = res[`ws-pgbench-rate-${rate}`];
      L.push(`| ${rate} | ${f(p?.messages_per_s, 0)} | ${f(p?.latency_ms.p50, 1)} | ${f(p?.latency_ms.p99, 1)} | ${f(g?.flows_per_s, 0)} | ${f(g?.flow_ms.p50, 1)} | ${f(g?.flow_ms.p99, 1)} |`);
    }
    L.push('');
    if (wsRatePlot) L.push(`![${wsRatePlot[0]}](${rel(wsRatePlot[1])})`, '');
  }
} else L.push(res['ws-pending'] ? 'Pending: `/api/v1/ws/webCall` did not answer 101 or no web integration token could be had.' : 'Not measured in this run.', '');

L.push('## Idle web chats held', '');
if (hold) {
  L.push(`${hold.sockets.toLocaleString('en')} WebSockets are opened on \`/api/v1/ws/webCall\` by ${hold.client_processes} client processes (\`ws.mjs --mode hold\`), each from its own`,
    'loopback source address so that neither a client\'s open-file limit nor the ephemeral port range bounds the count — only the',
    'server\'s open-file limit does. Every socket is initialised as a browser would (a chat opened, its greeting sent), then',
    'left idle. The server\'s live heap is the total of `jcmd PID GC.class_histogram` (which runs a full GC first), read before',
    'the sockets open and while they are held; the difference divided by the sockets up is the heap per socket. The baseline,',
    'in the same run and on the same server, is a bare Micronaut WebSocket (`/bench/ws`, in `bench/bare-endpoints`, on the',
    'class path only at benchmark time) whose handler keeps nothing: what Micronaut and Netty cost per socket.', '');
  L.push('| socket | sockets | up when all opened | still up at the end | opening s | opens retried | live heap before MiB | held MiB | **KiB per socket** | server RSS MiB | server open files |', '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [label, h] of [['webCall (Parley)', hold], ['bare Micronaut (`/bench/ws`)', bare]]) {
    if (!h) continue;
    L.push(`| ${label} | ${h.sockets.toLocaleString('en')} | ${h.sockets_up.toLocaleString('en')} | ${h.sockets_up_at_end.toLocaleString('en')} | ${h.open_s} | ${h.open_retries ?? 0} | ${f(h.heap_before / 2 ** 20, 0)} | ${f(h.heap_held / 2 ** 20, 0)} | **${f(h.heap_per_socket_bytes / 1024, 2)}** | ${f(h.rss_kib / 1024, 0)} | ${h.server_fds?.[1]?.toLocaleString('en') ?? '—'} |`);
  }
  L.push('');
  if (hold.top_classes?.length) {
    L.push('What an idle webCall socket keeps (bytes and instances per socket, from the histograms; the first lines are Netty\'s and',
      'Micronaut\'s own, as in the bare socket):', '', '```', ...hold.top_classes, '```', '');
  }
  L.push('RSS includes the heap the JVM has reserved (G1 sizes it from the machine\'s memory), not only what the sockets use.', '');
} else L.push('Not measured in this run.', '');

L.push('## TTL sweeper', '');
if (sweeper.length) {
  L.push(`${sweeper[0].sessions.toLocaleString('en')} active sessions whose TTL ran out 9 minutes ago are inserted in one SQL statement; the clock starts at its commit`,
    'and stops when none is active (polled every 0.2 s). The sweeper runs on its schedule (every 5 s by default, so up to 5 s',
    'pass before it starts), in batches of 500 with `FOR UPDATE SKIP LOCKED`; each finished session gets its activity entry',
    'and its outbox row in the same transaction. The server runs on its own database with outbox delivery off, so the',
    'numbers are the sweeper alone.', '',
    '| round | all final after s | after the first finished s | final (ttl) | outbox rows | server CPU s | load avg |', '|---|---|---|---|---|---|---|');
  sweeper.forEach((s, i) => L.push(`| ${i + 1} | ${f(s.total_s)} | ${f(s.from_first_s)} | ${s.final_ttl.toLocaleString('en')} | ${s.outbox_rows.toLocaleString('en')} | ${f(s.server_cpu_s, 0)} | ${f(s.loadavg, 1)} |`));
  L.push('');
} else L.push('Not measured in this run.', '');

L.push('## Start-up and idle memory', '');
if (starts.length) {
  L.push('From `java -jar` to the first `200` of `GET /health` (which checks the database), against the machine\'s PostgreSQL;',
    'idle RSS read 5 s after ready. The first start runs the Flyway migrations on an empty database; the others find it migrated.',
    `JVM options: ${process.env.BENCH_JVM_OPTS || 'none (JDK defaults: G1, heap sized from the machine\'s memory)'}.`, '',
    '| start | ready s | Micronaut "Startup completed" ms | idle RSS MiB | heap used MiB | load avg |', '|---|---|---|---|---|---|');
  starts.forEach((s, i) => L.push(`| ${s.first ? 'first (migrations)' : i} | ${f(s.ready_s, 2)} | ${s.micronaut_ms ?? '—'} | ${f(s.idle_rss_kib / 1024, 0)} | ${f(s.heap_used_bytes / 2 ** 20, 0)} | ${f(s.loadavg, 1)} |`));
  // ---- start-up with AppCDS (results startup-cds-N) ----
  const cds = Object.keys(res).filter(k => /^startup-cds-\d+$/.test(k)).sort().map(k => res[k]);
  cds.forEach((s, i) => L.push(`| ${i + 1}, with AppCDS | ${f(s.ready_s, 2)} | ${s.micronaut_ms ?? '—'} | ${f(s.idle_rss_kib / 1024, 0)} | ${f(s.heap_used_bytes / 2 ** 20, 0)} | ${f(s.loadavg, 1)} |`));
  L.push('');
  if (cds.length && warmStarts.length) {
    const a = median(warmStarts.map(s => s.ready_s)), b = median(cds.map(s => s.ready_s));
    const ra = median(warmStarts.map(s => s.idle_rss_kib)), rb = median(cds.map(s => s.idle_rss_kib));
    L.push(`With an AppCDS archive of the same jar (${f(cds[0].archive_bytes / 2 ** 20, 0)} MiB, written by a training start; see`,
      '[operations](operations.md#faster-start-up-class-data-sharing)): median ready time ' +
      `${f(b, 2)} s against ${f(a, 2)} s without (${f(b / a, 2)}×), idle RSS ${f(rb / 1024, 0)} MiB against ${f(ra / 1024, 0)} MiB.`, '');
  }
  // ---- end start-up with AppCDS ----
} else L.push('Not measured in this run.', '');

// ---- jmh: micro-benchmarks (results/jmh.json from bench/run's jmh step) ---------------------------------------------
// Each benchmark `x` is paired with `xBaseline...` of the same class (measured in the same fork of the same run).
const jmh = Array.isArray(res.jmh) ? res.jmh : null;
const jmhBaselineLabels = {
  JceAesGcm: 'bare JCE AES-256-GCM of the same payload and associated data (random nonce)',
  Sha256: 'bare SHA-256 of the same canonical bytes',
  ArrayList: 'the same messages appended to an `ArrayList`',
  Jackson: 'Jackson `ObjectMapper`, keys sorted (same output)',
};
L.push('## Micro-benchmarks (JMH)', '');
if (jmh && jmh.length) {
  const j0 = jmh[0];
  // The median of the measured iterations: one iteration stalled by the shared machine skews JMH's mean (shown after).
  const med = p => median((p.rawData ?? [[p.score]]).flat());
  const fmtScore = p => `${f(med(p), med(p) < 100 ? 1 : 0)} ${p.scoreUnit} (mean ${f(p.score, 0)} ± ${f(Number.isFinite(p.scoreError) ? p.scoreError : null, 0)})`;
  L.push(`\`bench/jmh/\` (JMH ${j0.jmhVersion}, ${j0.vmName} ${j0.jdkVersion}), run by \`bench/run\` as \`java -jar bench/jmh/target/benchmarks.jar\`:`,
    `${j0.forks} fork, ${j0.warmupIterations} × ${j0.warmupTime} warm-up, ${j0.measurementIterations} × ${j0.measurementTime} measured, average time per operation: the median of the`,
    'measured iterations, then JMH\'s mean ± its 99.9 % confidence half-width. Each benchmark\'s baseline is the least the same work can cost, measured in',
    'the same run; the ratio is time ÷ baseline time (1.0× = at the limit). The classes say exactly what each one does.', '',
    '| benchmark | Parley | baseline (the limit) | baseline score | ratio |', '|---|---|---|---|---|');
  const short = b => b.split('.').slice(-2).join('.');
  const baselines = jmh.filter(r => /Baseline/.test(r.benchmark));
  for (const r of jmh.filter(r => !/Baseline/.test(r.benchmark))) {
    const b = baselines.find(x => x.benchmark.startsWith(r.benchmark + 'Baseline'));
    const suffix = b ? b.benchmark.split('.').pop().replace(/^.*Baseline/, '') : null;
    const label = !b ? '—' : jmhBaselineLabels[suffix] ?? suffix.replace(/([a-z])([A-Z])/g, '$1 $2');
    L.push(`| \`${short(r.benchmark)}\` | ${fmtScore(r.primaryMetric)} | ${label} | ${b ? fmtScore(b.primaryMetric) : '—'} | ${b ? f(med(r.primaryMetric) / med(b.primaryMetric), 2) + '×' : '—'} |`);
  }
  L.push('');
} else L.push('Not measured in this run (`bench/run --only jmh`).', '');
// ---- end jmh ------------------------------------------------------------------------------------------------------

if (directline.length) {
  const d = median(directline.map(x => x.flows_per_s));
  L.push('## Side-by-side peer: offline-directline', '');
  L.push('`offline-directline` 1.3.1 (npm; a local, in-memory implementation of the Bot Framework Direct Line API, without',
    'authentication or durability) with a tiny echo bot in a process of its own (`bench/directline/server.mjs`, both on',
    '127.0.0.1), driven by the same load generator (`bench/load/flow.mjs --flow directline`) with the same number of clients and',
    'the same flow shape: open a conversation (`POST /directline/conversations`), then 3 × (post a message — Direct Line hands',
    'it to the bot, which posts its reply before answering — and read the activities after the watermark until the bot\'s reply',
    'is there). Parley\'s flow (open → 3 messages → end) commits every step to PostgreSQL and authenticates every request.',
    'The peer\'s rounds run after Parley\'s, in the same run; CPU per flow is the steadier figure on a shared machine.', '');
  L.push('| round | offline-directline flows/s | p50 ms | p99 ms | Direct Line CPU ms/flow | bot CPU ms/flow | client CPU ms/flow | requests/flow | errors |', '|---|---|---|---|---|---|---|---|---|');
  directline.forEach((x, i) => L.push(`| ${i + 1} | ${f(x.flows_per_s)} | ${f(x.flow_ms.p50, 0)} | ${f(x.flow_ms.p99, 0)} | ${f(1000 * x.server_cpu_s / x.flows, 2)} | ${f(x.bot_cpu_s == null ? null : 1000 * x.bot_cpu_s / x.flows, 2)} | ${f(1000 * x.client_cpu_s / x.flows, 2)} | ${f(x.requests_per_s / x.flows_per_s, 1)} | ${x.errors} |`));
  L.push(`| **median** | **${f(d)}** | ${f(median(directline.map(x => x.flow_ms.p50)), 0)} | ${f(median(directline.map(x => x.flow_ms.p99)), 0)} | ${f(median(directline.map(x => 1000 * x.server_cpu_s / x.flows)), 2)} | ${f(median(directline.map(x => x.bot_cpu_s == null ? null : 1000 * x.bot_cpu_s / x.flows)), 2)} | | | |`, '');
  if (flow) {
    L.push('| | Parley | offline-directline | Parley ÷ peer |', '|---|---|---|---|',
      `| flows/s (median of rounds) | ${f(flow.fps)} | ${f(d)} | **${f(flow.fps / d, 2)}×** (goal ≥ 3×) |`,
      `| the limit under Parley: pgbench with the same writes per flow, flows/s | ${f(flow.wfps)} | ${f(d)} | ${f(flow.wfps / d, 2)}× |`,
      `| p50 / p99 flow ms | ${f(flow.p50, 0)} / ${f(flow.p99, 0)} | ${f(median(directline.map(x => x.flow_ms.p50)), 0)} / ${f(median(directline.map(x => x.flow_ms.p99)), 0)} | |`,
      `| server CPU ms/flow (Parley: JVM + its PostgreSQL backends; peer: Direct Line + bot) | ${f(flow.serverMs + flow.pgMs, 1)} | ${f(median(directline.map(x => 1000 * (x.server_cpu_s + (x.bot_cpu_s ?? 0)) / x.flows)), 1)} | |`, '');
  }
}

L.push(...model.sections);

const analysis = path.join(benchDir, 'analysis.md');
if (fs.existsSync(analysis)) L.push(fs.readFileSync(analysis, 'utf8').trim(), '');
fs.writeFileSync(mdPath, L.join('\n'));

function HTTP_C() { return echo[0] ? (process.env.BENCH_HTTP_CONNECTIONS ?? '32') : '—'; }
