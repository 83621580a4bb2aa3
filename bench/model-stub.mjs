#!/usr/bin/env node
// bench/model-stub.mjs — the harness's own OpenAI-compatible model on loopback (issue 25). No dependency.
//
//   node bench/model-stub.mjs --port 18400 [--delay-ms 10000] [--tokens 20] [--token-rate 50]
//                             [--tls --cert cert.pem --key key.pem [--max-streams 1000]]
//
// Plain HTTP/1.1 by default. With --tls it speaks HTTP/2 over TLS as the hosted providers do (ALPN h2, HTTP/1.1 still
// accepted: allowHTTP1), so one connection multiplexes every call in flight; --max-streams is the
// SETTINGS_MAX_CONCURRENT_STREAMS it advertises per connection (a client past it opens another connection). The
// certificate and key come from the harness (made with openssl at bench time, never committed).
//
// POST /v1/chat/completions: waits --delay-ms (the model "thinking"), then
//   - "stream": true  -> text/event-stream: one chunk per token at --token-rate tokens/s, the last chunk with
//                        finish_reason "stop" and "usage" (as OpenAI does with stream_options.include_usage), then [DONE];
//   - otherwise       -> one chat.completion after the same token time, with usage.
// With "response_format": {"type": "json_object" | "json_schema"} the content is a JSON object ({"reply": "..."}).
// GET /stats: {"in_flight", "max_in_flight", "served", "first_token_ms": {p50, p99}} (the stub's own time to first
// byte of content, to subtract from what a client sees through a proxy), "connections" (open now, most at once) and
// "requests_by_protocol" ({"2.0": n, "1.1": n}: whether a client negotiated h2). POST /stats zeroes them.
// Prints "model stub on http(s)://127.0.0.1:PORT/v1" when it listens. Loopback only.
import http from "node:http";
import http2 from "node:http2";
import fs from "node:fs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const PORT = Number(arg("port", 18400));
const DELAY_MS = Number(arg("delay-ms", process.env.STUB_DELAY_MS ?? 0));
const TOKENS = Math.max(1, Number(arg("tokens", process.env.STUB_TOKENS ?? 8)));
const RATE = Number(arg("token-rate", process.env.STUB_TOKEN_RATE ?? 0)); // tokens/s; 0: all at once
const TLS = process.argv.includes("--tls");
const MAX_STREAMS = Number(arg("max-streams", 1000));

let inFlight = 0, maxInFlight = 0, served = 0, firstToken = [];
let connections = 0, maxConnections = 0, byProtocol = {};
const sleep = ms => (ms > 0 ? new Promise(r => setTimeout(r, ms)) : Promise.resolve());
const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const word = i => `w${i} `;

function usage(promptChars) {
  const prompt = Math.max(1, Math.round(promptChars / 4));
  return { prompt_tokens: prompt, completion_tokens: TOKENS, total_tokens: prompt + TOKENS };
}

function content(json) {
  const text = Array.from({ length: TOKENS }, (_, i) => word(i)).join("").trim();
  return json ? JSON.stringify({ reply: text }) : text;
}

async function completion(req, res, body) {
  let request;
  try {
    request = JSON.parse(body);
  } catch {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "not JSON", type: "invalid_request_error" } }));
    return;
  }
  const json = ["json_object", "json_schema"].includes(request.response_format?.type);
  const id = `chatcmpl-stub-${served + inFlight}`, created = Math.floor(Date.now() / 1000), model = request.model ?? "stub";
  const t0 = process.hrtime.bigint();
  inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
  let gone = false;
  res.on("close", () => { gone = !(res.writableFinished ?? res.writableEnded); });
  try {
    await sleep(DELAY_MS);
    if (gone) return;
    const pieces = json ? [content(true)] : Array.from({ length: TOKENS }, (_, i) => word(i));
    const gap = RATE > 0 ? 1000 / RATE : 0;
    if (request.stream) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      for (let i = 0; i < pieces.length && !gone; i++) {
        const delta = i === 0 ? { role: "assistant", content: pieces[i] } : { content: pieces[i] };
        res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model,
          choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
        if (i === 0) firstToken.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (gap) await sleep(gap);
      }
      if (gone) return;
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model,
        choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: usage(body.length) })}\n\n`);
      res.end("data: [DONE]\n\n");
    } else {
      if (gap) await sleep(gap * pieces.length);
      if (gone) return;
      firstToken.push(Number(process.hrtime.bigint() - t0) / 1e6);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, object: "chat.completion", created, model,
        choices: [{ index: 0, message: { role: "assistant", content: content(json) }, finish_reason: "stop" }],
        usage: usage(body.length) }));
    }
    served++;
  } finally {
    inFlight--;
    if (firstToken.length > 200000) firstToken = firstToken.slice(-100000); // a long run keeps the recent ones
  }
}

function handle(req, res) {
  byProtocol[req.httpVersion] = (byProtocol[req.httpVersion] ?? 0) + 1;
  const chunks = [];
  req.on("data", c => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const path = req.url.split("?")[0];
    if (req.method === "POST" && path.endsWith("/chat/completions")) return void completion(req, res, body);
    if (req.method === "GET" && path.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ object: "list", data: [{ id: "stub", object: "model", owned_by: "bench" }] }));
    }
    if (path === "/stats") {
      if (req.method === "POST") { maxInFlight = inFlight; served = 0; firstToken = []; maxConnections = connections; byProtocol = {}; }
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ in_flight: inFlight, max_in_flight: maxInFlight, served,
        delay_ms: DELAY_MS, tokens: TOKENS, token_rate: RATE,
        first_token_ms: { p50: pct(firstToken, 50), p99: pct(firstToken, 99), n: firstToken.length },
        tls: TLS, connections, max_connections: maxConnections, requests_by_protocol: byProtocol }));
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
  });
}

const server = TLS
  ? http2.createSecureServer({
    cert: fs.readFileSync(arg("cert")), key: fs.readFileSync(arg("key")), allowHTTP1: true,
    settings: { maxConcurrentStreams: MAX_STREAMS },
    maxSessionMemory: 1024, // MB: Node's 10 MB default refuses streams of a connection holding thousands in flight
  }, handle)
  : http.createServer(handle);
if (!TLS) { server.keepAliveTimeout = 65000; server.headersTimeout = 66000; }
server.on(TLS ? "secureConnection" : "connection", socket => {
  connections++; maxConnections = Math.max(maxConnections, connections);
  socket.on("close", () => connections--);
});
server.listen(PORT, "127.0.0.1", () => console.log(`model stub on http${TLS ? "s" : ""}://127.0.0.1:${PORT}/v1 (${TLS ? `HTTP/2 over TLS, HTTP/1.1 allowed, ${MAX_STREAMS} streams per connection` : "HTTP/1.1"}; delay ${DELAY_MS} ms, ${TOKENS} tokens at ${RATE || "once"}/s)`));
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => { server.close(); process.exit(0); });
