// The report's rows for the scenarios against the model stub (bench/model-scenarios.sh, issue 25): turns in flight
// and added latency. report.mjs puts `summary` in its summary table and `sections` before the analysis.
const f = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toFixed(d));
const sg = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : (x >= 0 ? '+' : '') + Number(x).toFixed(d));
const met = ok => (ok === null ? '' : ok ? 'met' : '**not met**');
const errs = e => { const k = Object.entries(e ?? {}); return k.length ? k.map(([a, b]) => `${a}: ${b}`).join(', ') : 'none'; };
const MODES = { sse: 'REST + SSE', ws: 'webCall sockets' };
// the stub's protocol and the connections Parley held to it at the reading (HTTP/2: a few for all the turns)
const proto = r => (r.model_protocol ? `${r.model_protocol === 'h2' ? 'HTTP/2 over TLS' : 'HTTP/1.1'}, ${r.model_connections_at_sample ?? '—'} conn.` : '—');

export function modelRows(res) {
  const summary = [], sections = [];
  const inflight = Object.keys(res).filter(k => /^inflight-[a-z0-9]+-(sse|ws)$/.test(k)).sort().map(k => res[k]);
  const rates = [...new Set(Object.keys(res).map(k => k.match(/^latency-[a-z]+-(\d+)$/)).filter(Boolean).map(m => Number(m[1])))]
    .sort((a, b) => a - b);

  // ---- turns in flight ------------------------------------------------------------------------------------------
  for (const r of inflight) {
    const kib = r.heap_per_turn_bytes / 1024, no503 = !Object.keys(r.errors ?? {}).some(k => k.includes('503'));
    const full = r.conversations >= 10000;
    summary.push(`| turns in flight, ${MODES[r.mode]} (${r.runtime} JDK), the stub thinking | ${r.answered.toLocaleString('en')} of ${r.conversations.toLocaleString('en')} answered (${(r.conversations - r.answered).toLocaleString('en')} lost), ${r.in_flight_at_sample.toLocaleString('en')} in flight at once: **${f(kib, 1)} KiB** heap and ${f(r.threads_per_turn, 2)} threads per turn, ${r.db_connections?.total ?? '—'} DB connections, ${f(r.cpu_ms_per_turn, 1)} ms CPU per turn, RSS ${f(r.rss_kib / 1024, 0)} MiB, ${r.server_open_files?.toLocaleString('en') ?? '—'} open files; model ${proto(r)}; errors ${errs(r.errors)} | — | — | 10,000 in flight, ≤ 32 KiB each, none lost, no 503 | ${full ? met(r.all_answered && kib <= 32 && no503 && r.in_flight_at_sample >= 10000) : `(${r.conversations.toLocaleString('en')} only: --quick)`} |`);
  }
  if (!inflight.length) summary.push('| turns in flight | not measured in this run | — | — | 10,000 in flight, ≤ 32 KiB each | |');

  // ---- added latency --------------------------------------------------------------------------------------------
  const at = (what, rate) => res[`latency-${what}-${rate}`];
  const added = (x, d, p) => (x?.latency_ms?.[p] == null || d?.latency_ms?.[p] == null ? null : x.latency_ms[p] - d.latency_ms[p]);
  for (const rate of rates) {
    const d = at('direct', rate), h = at('haproxy', rate), s = at('stateless', rate), st = at('stateful', rate);
    const hp99 = added(h, d, 'p99'), sp99 = added(s, d, 'p99');
    const floor = Math.max(hp99 ?? 0, 0.1); // HAProxy adding "nothing" within noise: compare with 0.1 ms
    const ratio = sp99 == null ? null : sp99 / floor;
    summary.push(`| added latency at ${rate.toLocaleString('en')} req/s offered (open loop): stateless completion, model agent | ${sg(added(s, d, 'p50'), 2)} ms p50, ${sg(sp99, 2)} ms p99 over the stub direct (${s?.ok ?? 0} of ${s?.sent ?? 0} ok) | HAProxy pass-through: ${sg(added(h, d, 'p50'), 2)} ms p50, ${sg(hp99, 2)} ms p99 (compared as ≥ 0.1 ms) | ${ratio === null ? '—' : f(ratio, 1) + '× (p99)'} | ≤ 3× HAProxy's | ${ratio === null ? '' : met(ratio <= 3)} |`);
    if (st) summary.push(`| the same, a stateful turn (SSE) | ${sg(added(st, d, 'p50'), 1)} ms p50, ${sg(added(st, d, 'p99'), 1)} ms p99; first token ${sg((st.first_token_ms?.p50 ?? NaN) - (d?.first_token_ms?.p50 ?? NaN), 1)} ms p50 over the stub's (${st.ok} of ${st.sent} ok) | its commits (pgbench, same writes) | — | only its commits | |`);
  }
  if (!rates.length) summary.push('| added latency (stateless, stateful) | not measured in this run | HAProxy pass-through | — | ≤ 3× HAProxy\'s | |');

  if (inflight.length) {
    sections.push('## Turns in flight', '',
      'N conversations, each with one turn waiting on the harness\'s own model stub (`bench/model-stub.mjs`, loopback; it answers',
      'after a fixed delay, then streams its tokens) at the same time: `bench/load/inflight.mjs` opens the conversations (REST, or',
      'webCall sockets with a chat each), then sends every turn at once. The agent\'s model is a tenant provider connection',
      'pointing at the stub. While the stub holds the calls the harness reads the server\'s live heap (`jcmd GC.class_histogram`,',
      'after a full GC; the idle reading with the conversations open is subtracted), its threads (`/proc/PID/status`) and the',
      'database connections (`pg_stat_activity`). CPU per turn is the server\'s over the whole phase divided by the turns answered.',
      'The stub speaks HTTP/2 over TLS (as hosted providers do; `BENCH_MODEL_PROTOCOL=http1` for plain HTTP/1.1): "model connection"',
      'is the protocol and the connections Parley held to it at the reading. "Lost" is every turn not answered, whatever the error.', '',
      '| runtime | transport | model connection | conversations | answered | lost | errors | in flight at the reading | heap per turn KiB | threads idle → in flight | threads per turn | DB connections (active) | RSS MiB | open files (limit) | CPU ms per turn | turn p50 / p99 ms | first delta p50 ms |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of inflight) {
      sections.push(`| ${r.runtime} (${(r.java ?? '').replace(/"/g, '')}) | ${MODES[r.mode]} | ${proto(r)} | ${r.conversations.toLocaleString('en')} | ${r.answered.toLocaleString('en')}${r.all_answered ? ' (all)' : ''} | ${(r.conversations - r.answered).toLocaleString('en')} | ${errs(r.errors)} | ${r.in_flight_at_sample.toLocaleString('en')} | **${f(r.heap_per_turn_bytes / 1024, 1)}** | ${r.threads_idle} → ${r.threads_inflight} | ${f(r.threads_per_turn, 2)} | ${r.db_connections?.total ?? '—'} (${r.db_connections?.active ?? '—'}) | ${f(r.rss_kib / 1024, 0)} | ${r.server_open_files?.toLocaleString('en') ?? '—'} (${r.server_open_files_limit?.toLocaleString('en') ?? '—'}) | ${f(r.cpu_ms_per_turn, 2)} | ${f(r.turn_ms?.p50, 0)} / ${f(r.turn_ms?.p99, 0)} | ${f(r.first_token_ms?.p50, 0)} |`);
    }
    sections.push('');
  }
  if (rates.length) {
    sections.push('## Added latency', '',
      'The same stub (no delay, 8 tokens at once) called directly, through HAProxy as a bare HTTP pass-through (the floor any',
      'proxy pays) and through Parley: a stateless completion with a model agent, and a stateful turn over SSE. Open loop',
      '(`bench/load/open-http.mjs`): requests leave at the offered rate whatever the answers do, latency counts from each',
      'request\'s intended send time. Time to first token: the first content chunk (stub, HAProxy) or `delta` event (Parley).', '',
      '| offered req/s | path | ok / sent | achieved req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | first token p50 ms | first token added ms | statuses |',
      '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const rate of rates) {
      const d = at('direct', rate);
      for (const [label, key] of [['stub direct', 'direct'], ['HAProxy pass-through', 'haproxy'], ['Parley stateless completion', 'stateless'], ['Parley stateful turn (SSE)', 'stateful']]) {
        const x = at(key, rate);
        if (!x) continue;
        const ft = x.first_token_ms?.p50, dft = d?.first_token_ms?.p50;
        sections.push(`| ${rate.toLocaleString('en')} | ${label} | ${x.ok} / ${x.sent} | ${f(x.achieved_rate, 0)} | ${f(x.latency_ms.p50, 2)} | ${f(x.latency_ms.p99, 2)} | ${key === 'direct' ? '—' : f(added(x, d, 'p50'), 2)} | ${key === 'direct' ? '—' : f(added(x, d, 'p99'), 2)} | ${f(ft, 2)} | ${key === 'direct' || ft == null ? '—' : f(ft - dft, 2)} | ${errs(x.statuses)} |`);
      }
    }
    sections.push('');
  }
  return { summary, sections };
}
