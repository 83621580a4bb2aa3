#!/usr/bin/env node
// Closed-loop load client for multi-step HTTP flows (no dependencies: node:http with keep-alive).
// Each of --concurrency virtual users runs flows back to back for --warmup + --duration seconds; only flows that
// start after the warm-up and end before the deadline are counted. Prints one JSON object on stdout.
//
//   node flow.mjs --flow stateful --url http://127.0.0.1:18100 --key bench-key --concurrency 16 --duration 20
//   node flow.mjs --flow directline --url http://127.0.0.1:18300 ...
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const base = new URL(args.url ?? 'http://127.0.0.1:18100');
const key = args.key ?? 'bench-key';
const flowName = args.flow ?? 'stateful';
const concurrency = Number(args.concurrency ?? 16);
const duration = Number(args.duration ?? 20) * 1000;
const warmup = Number(args.warmup ?? 0) * 1000;
const messages = Number(args.messages ?? 3);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });

function request(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const h = { ...headers };
    if (payload) { h['content-type'] = 'application/json'; h['content-length'] = payload.length; }
    const t0 = performance.now();
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers: h, agent }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// A flow is an async function returning the list of {step, status, ms} it made; it throws on an unexpected answer.
const flows = {
  // Parley: open -> N messages -> end, default scripted agent, authenticated (seed 01/02 shapes).
  async stateful(user) {
    const auth = { 'x-api-key': key };
    const steps = [];
    const open = await request('POST', '/api/v1/chats', { channel: 'web', user_id: `bench-${user}` }, auth);
    steps.push(['open', open]);
    if (open.status !== 201) throw new Error(`open answered ${open.status}: ${open.body.slice(0, 200)}`);
    const id = JSON.parse(open.body).id;
    for (let i = 0; i < messages; i++) {
      const m = await request('POST', `/api/v1/chats/${id}/messages`, { content: `Where is my order ${i}?` }, auth);
      steps.push(['message', m]);
      if (m.status !== 200) throw new Error(`message answered ${m.status}: ${m.body.slice(0, 200)}`);
    }
    const end = await request('POST', `/api/v1/chats/${id}/end`, { note: 'bench' }, auth);
    steps.push(['end', end]);
    if (end.status !== 200) throw new Error(`end answered ${end.status}: ${end.body.slice(0, 200)}`);
    return steps;
  },
  // offline-directline (Bot Framework Direct Line 3.0, in memory): start conversation -> N x (post activity ->
  // read activities until the bot's echo is there). Same shape as the stateful flow, no end call in that API.
  async directline(user) {
    const auth = { authorization: 'Bearer bench' };
    const steps = [];
    const conv = await request('POST', '/directline/conversations', '', auth);
    steps.push(['open', conv]);
    if (conv.status >= 300) throw new Error(`conversations answered ${conv.status}: ${conv.body.slice(0, 200)}`);
    const id = JSON.parse(conv.body).conversationId;
    let watermark = '';
    for (let i = 0; i < messages; i++) {
      const post = await request('POST', `/directline/conversations/${id}/activities`,
        { type: 'message', from: { id: `bench-${user}`, name: 'bench' }, text: `Where is my order ${i}?` }, auth);
      steps.push(['message', post]);
      if (post.status >= 300) throw new Error(`activities answered ${post.status}: ${post.body.slice(0, 200)}`);
      for (let tries = 0; ; tries++) {
        const read = await request('GET', `/directline/conversations/${id}/activities${watermark ? `?watermark=${watermark}` : ''}`,
          undefined, auth);
        steps.push(['read', read]);
        if (read.status !== 200) throw new Error(`read answered ${read.status}`);
        const set = JSON.parse(read.body);
        const reply = (set.activities ?? []).some(a => a.from && a.from.id !== `bench-${user}` && a.type === 'message');
        if (reply) { watermark = set.watermark ?? watermark; break; }
        if (tries > 200) throw new Error('no bot reply after 200 reads');
        await new Promise(r => setTimeout(r, 1));
      }
    }
    return steps;
  },
};

const flow = flows[flowName];
if (!flow) { console.error(`unknown flow ${flowName}`); process.exit(2); }

const start = performance.now();
const measureFrom = start + warmup;
const deadline = measureFrom + duration;
const flowMs = [];
const stepMs = {};
const statuses = {};
let errors = 0;
let firstError = null;
let requests = 0;
let cpu0 = null;

async function user(n) {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    let steps;
    try {
      steps = await flow(n);
    } catch (e) {
      errors++;
      if (!firstError) firstError = String(e.message ?? e);
      await new Promise(r => setTimeout(r, 10));
      continue;
    }
    const t1 = performance.now();
    if (t0 >= measureFrom && t1 <= deadline) {
      flowMs.push(t1 - t0);
      for (const [name, r] of steps) {
        (stepMs[name] ??= []).push(r.ms);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        requests++;
      }
    }
  }
}

function pct(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
}
function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: s[s.length - 1] ?? null };
}

setTimeout(() => { cpu0 = process.cpuUsage(); }, warmup);
await Promise.all(Array.from({ length: concurrency }, (_, i) => user(i)));
const cpu = process.cpuUsage(cpu0 ?? undefined);
const seconds = duration / 1000;
const sortedFlows = [...flowMs].sort((a, b) => a - b);
const cdf = [];
for (let i = 1; i <= 100; i++) cdf.push([i, pct(sortedFlows, i === 100 ? 99.9 : i)]);
const out = {
  flow: flowName, concurrency, duration_s: seconds, warmup_s: warmup / 1000,
  flows: flowMs.length, flows_per_s: flowMs.length / seconds, requests_per_s: requests / seconds,
  flow_ms: summary(flowMs),
  step_ms: Object.fromEntries(Object.entries(stepMs).map(([k, v]) => [k, summary(v)])),
  statuses, errors, first_error: firstError,
  client_cpu_s: (cpu.user + cpu.system) / 1e6,
  flow_cdf_ms: cdf,
};
console.log(JSON.stringify(out));
agent.destroy();
