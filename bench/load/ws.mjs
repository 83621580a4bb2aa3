#!/usr/bin/env node
// WebSocket web-chat load client for /api/v1/ws/webCall (seed 05), on the `ws` package (bench/package.json).
// Modes (one JSON object on stdout):
//   --mode closed --sockets 16 --duration 15   each socket sends a message, waits for the agent's reply, repeats
//   --mode open   --sockets 200 --rate 1000    messages at a fixed total rate; latency from the intended send time
//                                              (no coordinated omission); reports whether the rate was kept
//   --mode hold   --sockets 9500               opens and initialises sockets, writes {"up": n} to --ready-file once
//                                              all are open, holds them until SIGUSR2 (or --duration s), then
//                                              reports how many are still up (the harness reads the server's heap
//                                              meanwhile). --bare opens /bench/ws instead and sends nothing (the
//                                              baseline). --local-address 127.0.0.2 picks the source address: each
//                                              address has its own ephemeral ports, so several clients can each
//                                              hold up to ~28,000 sockets on loopback.
// A reply is the first assistant `text` frame containing the message's marker (the default scripted agent echoes
// the user's text); --any-reply accepts any assistant text instead.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const bare = args.bare === 'true';
const url = bare ? `${args.url ?? 'ws://127.0.0.1:18100'}/bench/ws`
  : `${args.url ?? 'ws://127.0.0.1:18100'}/api/v1/ws/webCall?token=${encodeURIComponent(args.token ?? '')}`;
const localAddress = args['local-address'];
const readyFile = args['ready-file'];
const mode = args.mode ?? 'closed';
const sockets = Number(args.sockets ?? 16);
const duration = Number(args.duration ?? 15) * 1000;
const warmup = Number(args.warmup ?? 0) * 1000;
const rate = Number(args.rate ?? 1000);
const anyReply = args['any-reply'] === 'true';
const openConcurrency = Number(args['open-concurrency'] ?? 200);
const now = () => new Date().toISOString();

let errors = 0, firstError = null, seq = 0, retries = 0, firstRetry = null;
const note = e => { errors++; if (!firstError) firstError = String(e?.message ?? e); };

// Opens one socket, initialises a chat and resolves once the `connection` event arrived.
function openChat() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...(localAddress ? { localAddress } : {}) });
    const chat = { ws, pending: [], recordId: null };
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('no connection event within 10 s')); }, 10000);
    if (bare) {
      ws.on('open', () => { clearTimeout(timer); resolve(chat); });
      ws.on('error', e => { clearTimeout(timer); reject(e); });
      return;
    }
    ws.on('open', () => ws.send(JSON.stringify({ type: 'initialize', timestamp: now(), request: { callType: 'chat', additionalData: {} } })));
    ws.on('error', e => { clearTimeout(timer); reject(e); });
    let opened = false, refusal = null;
    // Refused before the chat opened (error frame, then close): the open fails with the server's reason.
    ws.on('close', code => { if (!opened) { clearTimeout(timer); reject(new Error(refusal ?? `closed with ${code} before the connection event`)); } });
    ws.on('message', data => {
      let m;
      try { m = JSON.parse(data.toString()); } catch { return; }
      if (m.type === 'event' && m.name === 'connection') { opened = true; chat.recordId = m.data?.recordId; clearTimeout(timer); resolve(chat); }
      else if (m.type === 'error' && !opened) { refusal = `error frame: ${JSON.stringify(m.data)}`; }
      else if (m.type === 'error') { note(new Error(`error frame: ${JSON.stringify(m.data)}`)); }
      else if (m.type === 'text' && m.content?.source === 'assistant' && chat.pending.length) {
        const text = String(m.content.text ?? '');
        const i = anyReply ? 0 : chat.pending.findIndex(p => text.includes(p.marker));
        if (i >= 0) { const [p] = chat.pending.splice(i, 1); p.done(performance.now()); }
      }
    });
  });
}

function send(chat, intendedAt) {
  return new Promise(resolve => {
    const marker = `m${++seq}x`;
    chat.pending.push({ marker, done: t => resolve(t - intendedAt) });
    chat.ws.send(JSON.stringify({ type: 'incomingChatMessage', content: `Where is my order ${marker}?`, timestamp: now() }));
  });
}

async function openMany(n) {
  const chats = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, openConcurrency) }, async () => {
    while (next < n) {
      next++;
      // A refused open is tried again (at most twice): "internal_error ... try again" is what a busy server answers.
      for (let attempt = 0; ; attempt++) {
        try { chats.push(await openChat()); break; } catch (e) {
          if (attempt >= 2) { note(e); break; }
          retries++; if (!firstRetry) firstRetry = String(e?.message ?? e);
          await new Promise(r => setTimeout(r, 100));
        }
      }
    }
  }));
  return chats;
}

function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const pct = p => s.length ? s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))] : null;
  return { n: s.length, p50: pct(50), p90: pct(90), p99: pct(99), max: s[s.length - 1] ?? null };
}

const t0 = performance.now();
const chats = await openMany(sockets);
const openSeconds = (performance.now() - t0) / 1000;
const latencies = [];
let replies = 0; // every reply of the run, warm-up included (the harness divides the database's commits by it)
let cpu0 = process.cpuUsage();
const start = performance.now();
const measureFrom = start + warmup, deadline = measureFrom + duration;

if (mode === 'closed') {
  await Promise.all(chats.map(async chat => {
    while (performance.now() < deadline) {
      const at = performance.now();
      const ms = await Promise.race([send(chat, at), new Promise(r => setTimeout(() => r(null), 10000))]);
      if (ms === null) { note(new Error('no reply within 10 s')); break; }
      replies++;
      if (at >= measureFrom && at + ms <= deadline) latencies.push(ms);
    }
  }));
} else if (mode === 'open') {
  const interval = 1000 / rate;
  const inflight = [];
  let i = 0;
  while (true) {
    const intended = start + i * interval;
    if (intended >= deadline) break;
    const wait = intended - performance.now();
    if (wait > 1) await new Promise(r => setTimeout(r, wait));
    const chat = chats[i % chats.length];
    const p = send(chat, intended).then(ms => { if (intended >= measureFrom) latencies.push(ms); });
    inflight.push(p);
    i++;
  }
  await Promise.race([Promise.all(inflight), new Promise(r => setTimeout(r, 10000))]);
} else if (mode === 'hold') {
  // Ready: the harness measures the server now and sends SIGUSR2 when done (--duration is only the upper bound).
  const upNow = chats.filter(c => c.ws.readyState === WebSocket.OPEN).length;
  if (readyFile) (await import('node:fs')).writeFileSync(readyFile, JSON.stringify({ up: upNow, open_s: openSeconds }));
  await new Promise(r => { const t = setTimeout(r, duration); process.once('SIGUSR2', () => { clearTimeout(t); r(); }); });
}
const cpu = process.cpuUsage(cpu0);
const up = chats.filter(c => c.ws.readyState === WebSocket.OPEN).length;
for (const c of chats) c.ws.terminate();
const measured = duration / 1000;
console.log(JSON.stringify({
  mode, sockets, sockets_up: up, open_s: openSeconds, duration_s: measured, target_rate: mode === 'open' ? rate : null,
  messages: latencies.length, replies, messages_per_s: latencies.length / measured, latency_ms: summary(latencies),
  errors, first_error: firstError, open_retries: retries, first_retry: firstRetry, client_cpu_s: (cpu.user + cpu.system) / 1e6,
}));
process.exit(0);
