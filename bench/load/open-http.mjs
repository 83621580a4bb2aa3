#!/usr/bin/env node
// Open-loop HTTP load at a fixed offered rate (issue 25, added latency). Latency counts from each request's intended
// send time, so a slow server is not hidden by a client that waits (no coordinated omission). Targets:
//   --target model     POST {url}/v1/chat/completions, streamed (the stub direct, or through HAProxy: --url differs)
//   --target stateless POST {url}/api/v1/text-chat/completion with --agent (a model agent), JSON
//   --target stateful  POST {url}/api/v1/chats/{id}/messages with Accept: text/event-stream, on --chats conversations
//                      opened first (one turn at a time per conversation: a turn waits for a free one)
// --rate R --duration S --key K. One JSON object on stdout: offered and achieved rate, statuses, latency and time to
// first token (first content chunk / delta event) percentiles in ms.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const target = args.target ?? 'model';
const base = new URL(args.url ?? 'http://127.0.0.1:18400');
const rate = Number(args.rate ?? 250), durationMs = Number(args.duration ?? 10) * 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(args.connections ?? 512) });
const statuses = {}, latencies = [], ttfts = [];
let firstError = null, sent = 0, lagMax = 0;
const pct = (xs, p) => { if (!xs.length) return null; const s = [...xs].sort((a, b) => a - b); return +s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))].toFixed(3); };

function post(path, body, headers, onChunk) {
  return new Promise(resolve => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({ host: base.hostname, port: base.port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': data.length, 'x-api-key': args.key ?? '', ...headers } }, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', c => { text += c; onChunk?.(text); });
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', e => resolve({ status: 0, text: e.message }));
    });
    req.on('error', e => resolve({ status: 0, text: e.message }));
    req.end(data);
  });
}

const freeChats = [], waitingForChat = [];
async function openChats(k) {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next++ < k) {
      const r = await post('/api/v1/chats', { agent_id: args.agent });
      if (r.status === 201 || r.status === 200) freeChats.push(JSON.parse(r.text).id);
      else firstError ??= `open ${r.status} ${r.text.slice(0, 200)}`;
    }
  }));
}
const takeChat = () => (freeChats.length ? Promise.resolve(freeChats.pop()) : new Promise(r => waitingForChat.push(r)));
const giveChat = id => { const w = waitingForChat.shift(); if (w) w(id); else freeChats.push(id); };

async function one(intended) {
  let first = null;
  const mark = (text, needle) => { if (first === null && text.includes(needle)) first = performance.now(); };
  let r;
  if (target === 'model') {
    r = await post('/v1/chat/completions', { model: 'stub', stream: true, messages: [{ role: 'user', content: 'Where is my order?' }] },
      {}, t => mark(t, '"content"'));
  } else if (target === 'stateless') {
    r = await post('/api/v1/text-chat/completion', { agent: { id: args.agent }, messages: [{ role: 'user', content: 'Where is my order?' }] });
  } else {
    const chat = await takeChat();
    r = await post(`/api/v1/chats/${chat}/messages`, { content: 'Where is my order?' }, { accept: 'text/event-stream' }, t => mark(t, 'event: delta'));
    giveChat(chat);
    if (r.status === 200 && !r.text.includes('event: turn')) r.status = 'cut';
  }
  const done = performance.now();
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  if (r.status === 200) {
    latencies.push(done - intended);
    if (first !== null) ttfts.push(first - intended);
  } else firstError ??= `${r.status} ${String(r.text).slice(0, 200)}`;
}

if (target === 'stateful') await openChats(Number(args.chats ?? Math.max(16, Math.ceil(rate / 4))));
const t0 = performance.now() + 50, interval = 1000 / rate, total = Math.floor(rate * durationMs / 1000), pending = [];
await new Promise(resolve => {
  const tick = () => {
    const now = performance.now();
    while (sent < total && t0 + sent * interval <= now) {
      const intended = t0 + sent * interval; lagMax = Math.max(lagMax, now - intended);
      pending.push(one(intended)); sent++;
    }
    if (sent >= total) return resolve();
    setTimeout(tick, Math.max(0, Math.min(5, t0 + sent * interval - performance.now())));
  };
  tick();
});
const sendWallS = (performance.now() - t0) / 1000;
await Promise.race([Promise.all(pending), new Promise(r => setTimeout(r, 60000).unref())]);
agent.destroy();
console.log(JSON.stringify({ target, offered_rate: rate, sent, achieved_rate: +(sent / sendWallS).toFixed(1), statuses,
  ok: latencies.length, first_error: firstError, max_send_lag_ms: +lagMax.toFixed(1),
  latency_ms: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: pct(latencies, 100) },
  first_token_ms: { p50: pct(ttfts, 50), p99: pct(ttfts, 99) } }));
process.exit(0);
