# Sourced by bench/run: the scenarios against the harness's own model stub (bench/model-stub.mjs), issue 25.
#   inflight  N conversations each with one turn waiting on the stub at once, over SSE and over webCall sockets
#   latency   the stub direct, through HAProxy (bare pass-through) and through Parley, open loop at offered rates
# Each starts its own Parley (port base + 3, database parley_bench_model) and stub (port base + 400), HAProxy on
# base + 401. Uses record, log, die, start_server, wait_ready, stop_pid, live_heap_bytes, proc_jiffies from run/lib.sh.

MODEL_PORT=$((PORT_BASE + 3)); STUB_PORT=$((PORT_BASE + 400)); HAPROXY_PORT=$((PORT_BASE + 401))
MODEL_DB=parley_bench_model$DB_SUFFIX
INFLIGHT_N=${BENCH_INFLIGHT_TURNS:-10000}; INFLIGHT_DELAY_MS=${BENCH_INFLIGHT_DELAY_MS:-20000}
INFLIGHT_MODES=${BENCH_INFLIGHT_MODES:-"sse ws"}
# h2: the stub speaks HTTP/2 over TLS (as hosted providers do; one connection multiplexes the calls in flight);
# http1: plain HTTP/1.1 (a local server's way; one connection per call in flight). The latency scenario stays on http1
# so that its HAProxy pass-through compares like with like.
MODEL_PROTOCOL=${BENCH_MODEL_PROTOCOL:-h2}
LAT_RATES=${BENCH_LATENCY_RATES:-"250 1000 2500"}; LAT_S=${BENCH_LATENCY_S:-10}
if ((QUICK)); then
  INFLIGHT_N=${BENCH_INFLIGHT_TURNS:-200}; INFLIGHT_DELAY_MS=${BENCH_INFLIGHT_DELAY_MS:-5000}
  LAT_RATES=${BENCH_LATENCY_RATES:-"250"}; LAT_S=${BENCH_LATENCY_S:-5}
fi

# stub_tls: a self-signed certificate for 127.0.0.1/localhost in OUT (made now, never committed) and a PKCS12 trust
# store holding it, for the model server's JVM (STUB_TRUST_OPTS).
stub_tls() {
  [[ -f "$OUT/stub-cert.pem" ]] || openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$OUT/stub-key.pem" -out "$OUT/stub-cert.pem" \
    >"$OUT/stub-tls.log" 2>&1 || die "openssl could not make the stub's certificate (see $OUT/stub-tls.log)"
  rm -f "$OUT/stub-trust.p12"
  keytool -importcert -noprompt -alias model-stub -file "$OUT/stub-cert.pem" -keystore "$OUT/stub-trust.p12" \
    -storetype PKCS12 -storepass bench-trust >>"$OUT/stub-tls.log" 2>&1 || die "keytool failed (see $OUT/stub-tls.log)"
  STUB_TRUST_OPTS="-Djavax.net.ssl.trustStore=$OUT/stub-trust.p12 -Djavax.net.ssl.trustStorePassword=bench-trust -Djavax.net.ssl.trustStoreType=PKCS12"
}

# start_stub DELAY_MS TOKENS TOKEN_RATE LOG [PROTOCOL]: the model stub on STUB_PORT (http1, or h2 over TLS); sets
# STUB_PID and STUB_URL.
start_stub() {
  local tls=()
  STUB_URL="http://127.0.0.1:$STUB_PORT"
  if [[ "${5:-http1}" == h2 ]]; then
    stub_tls
    tls=(--tls --cert "$OUT/stub-cert.pem" --key "$OUT/stub-key.pem" --max-streams "${BENCH_STUB_MAX_STREAMS:-1000}")
    STUB_URL="https://127.0.0.1:$STUB_PORT"
  fi
  node "$BENCH_DIR/model-stub.mjs" --port "$STUB_PORT" --delay-ms "$1" --tokens "$2" --token-rate "$3" "${tls[@]}" >"$4" 2>&1 &
  STUB_PID=$!; PIDS_TO_STOP+=("$STUB_PID")
  for _ in $(seq 1 100); do grep -q '^model stub on' "$4" 2>/dev/null && return 0; sleep 0.1; done
  die "the model stub did not start (see $4)"
}

# api METHOD PATH [JSON]: one call to the model scenarios' Parley; prints the body.
api() {
  curl -s -X "$1" "http://127.0.0.1:$MODEL_PORT$2" -H "X-API-Key: $BENCH_KEY" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
json_field() { node -e 'let t = ""; process.stdin.on("data", c => t += c).on("end", () => { try { console.log(JSON.parse(t)[process.argv[1]] ?? ""); } catch { console.log(""); } });' "$1"; }

# start_model_server JAVA LOG: Parley for these scenarios (fresh database, more open files than the shell's limit:
# every turn in flight holds a client socket and a socket to the model); then a provider connection "stub" pointing
# at the model stub, an agent on it (MODEL_AGENT) and a web integration token (MODEL_TOKEN).
start_model_server() {
  local java="$1" logfile="$2"
  fresh_db "$MODEL_DB"
  ulimit -Hn 200000 2>/dev/null || true; ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  local trust=(); [[ "$STUB_URL" == https:* ]] && read -ra trust <<<"$STUB_TRUST_OPTS"
  JAVA="$java" start_server "$MODEL_PORT" "$MODEL_DB" "$logfile" "${trust[@]}" ${BENCH_MODEL_JVM_OPTS:-}
  MODEL_PID=$SERVER_PID
  wait_ready "$MODEL_PORT" "$MODEL_PID" >/dev/null || die "the model-scenario server did not start (see $logfile)"
  api POST /api/v1/providers "{\"name\":\"stub\",\"kind\":\"openai\",\"base_url\":\"$STUB_URL/v1\",\"api_key\":\"bench\",\"default_model\":\"stub\",\"max_retries\":0}" >"$OUT/provider.json"
  MODEL_AGENT=$(api POST /api/v1/agents '{"name":"On the stub","prompt":"Be brief.","model":{"provider":"stub","model":"stub"}}' | json_field id)
  [[ -n "$MODEL_AGENT" ]] || die "no agent on the stub provider (see $OUT/provider.json)"
  MODEL_TOKEN=$(api POST "/api/v1/agents/$MODEL_AGENT/web-integrations" '{"allow_web_chat": true}' | json_field token)
}

db_connections() { # DB: {"total", "active", "idle_in_transaction"} of pg_stat_activity
  psql_db postgres -c "select json_build_object('total', count(*), 'active', count(*) filter (where state = 'active'),
    'idle_in_transaction', count(*) filter (where state like 'idle in transaction%')) from pg_stat_activity where datname = '$1'"
}
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

# inflight_run LABEL MODE: one run of load/inflight.mjs against MODEL_PID; results/inflight-LABEL-MODE.json.
inflight_run() {
  local label="$1" mode="$2" name="inflight-$1-$2" ready="$OUT/inflight-$1-$2.ready" pid t0 peak=0 now
  rm -f "$ready"
  node "$BENCH_DIR/load/inflight.mjs" --mode "$mode" --url "http://127.0.0.1:$MODEL_PORT" --key "$BENCH_KEY" \
    --agent "$MODEL_AGENT" --token "$MODEL_TOKEN" --n "$INFLIGHT_N" --ready-file "$ready" \
    --timeout $((INFLIGHT_DELAY_MS / 1000 + 120)) >"$OUT/$name.out" 2>"$OUT/$name.err" &
  pid=$!; PIDS_TO_STOP+=("$pid")
  t0=$(date +%s)
  until grep -q '"open"' "$ready" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "inflight client $name exited early (see $OUT/$name.err)"
    (($(date +%s) - t0 > 900)) && die "inflight client $name: conversations not open after 900 s"
    sleep 0.5
  done
  sleep 2
  local h0 th0 s0; h0=$(live_heap_bytes "$MODEL_PID" "$OUT/histo-$name-idle.txt"); th0=$(threads_of "$MODEL_PID")
  curl -sk -X POST "$STUB_URL/stats" >/dev/null
  s0=$(proc_jiffies "$MODEL_PID")
  kill -USR2 "$pid"
  # In flight: the stub holds every call for INFLIGHT_DELAY_MS. Read once its count stops rising (or all are there).
  t0=$(date +%s%N); local last=-1 same=0
  while true; do
    now=$(curl -sk "$STUB_URL/stats" | json_field in_flight); now=${now:-0}
    ((now > peak)) && peak=$now
    ((now >= INFLIGHT_N)) && break
    # 10 s without a new call: on a loaded machine the turns' database phases feed the stub in bursts
    if ((now == last && now > 0)); then ((++same >= 50)) && break; else same=0; fi
    last=$now
    (( ($(date +%s%N) - t0) / 1000000 > INFLIGHT_DELAY_MS * 6 / 10 )) && break
    sleep 0.2
  done
  local th1 rss dbc h1 at_ms
  at_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  th1=$(threads_of "$MODEL_PID"); rss=$(rss_kib "$MODEL_PID"); dbc=$(db_connections "$MODEL_DB")
  local fds fd_limit; fds=$(ls "/proc/$MODEL_PID/fd" | wc -l); fd_limit=$(awk '/^Max open files/ {print $4}' "/proc/$MODEL_PID/limits")
  now=$(curl -sk "$STUB_URL/stats" | json_field in_flight)
  h1=$(live_heap_bytes "$MODEL_PID" "$OUT/histo-$name-inflight.txt")
  jcmd "$MODEL_PID" GC.heap_info >"$OUT/heap-info-$name.txt" 2>/dev/null || true
  local stub_stats; stub_stats=$(curl -sk "$STUB_URL/stats")
  wait "$pid" || true
  local s1; s1=$(proc_jiffies "$MODEL_PID")
  node -e '
    const fs = require("fs"); const [out, label, java, h0, h1, th0, th1, rss, dbc, inflight, peak, cpu, atMs, fds, fdLimit, stub] = process.argv.slice(1);
    const st = JSON.parse(stub || "{}");
    const r = JSON.parse(fs.readFileSync(out, "utf8").trim() || "{}");
    const n = Math.max(1, Number(inflight));
    Object.assign(r, { runtime: label, java, in_flight_at_sample: Number(inflight), in_flight_peak: Number(peak), sampled_after_ms: Number(atMs),
      heap_idle_bytes: Number(h0), heap_inflight_bytes: Number(h1), heap_per_turn_bytes: Math.round((h1 - h0) / n),
      threads_idle: Number(th0), threads_inflight: Number(th1), threads_per_turn: +((th1 - th0) / n).toFixed(3), rss_kib: Number(rss),
      db_connections: JSON.parse(dbc), server_cpu_s: cpu / 100, cpu_ms_per_turn: r.answered ? +(cpu * 10 / r.answered).toFixed(2) : null,
      server_open_files: Number(fds), server_open_files_limit: Number(fdLimit),
      model_protocol: st.tls ? "h2" : "http1", model_connections_at_sample: st.connections == null ? null : st.connections - 1, // not the /stats call itself
      model_connections_max: st.max_connections ?? null, model_requests_by_protocol: st.requests_by_protocol ?? null });
    console.log(JSON.stringify(r));' "$OUT/$name.out" "$label" "$($MODEL_JAVA -version 2>&1 | head -1)" "${h0:-0}" "${h1:-0}" "$th0" "$th1" "$rss" "$dbc" \
    "${now:-0}" "$peak" "$((s1 - s0))" "$at_ms" "$fds" "$fd_limit" "$stub_stats" >"$RES/$name.json" || die "inflight $name: no result (see $OUT/$name.err)"
  node -e 'const r = require(process.argv[1]); console.error(`[bench]   ${process.argv[2]}: ${r.answered} of ${r.conversations} answered (${r.all_answered ? "all" : "NOT all"}), errors ${JSON.stringify(r.errors)}, ${r.in_flight_at_sample} in flight: ${(r.heap_per_turn_bytes / 1024).toFixed(1)} KiB heap and ${r.threads_per_turn} threads per turn, DB connections ${JSON.stringify(r.db_connections)}, ${r.cpu_ms_per_turn} ms CPU per turn, ${r.server_open_files} open files, model ${r.model_protocol} over ${r.model_connections_at_sample} connection(s) ${JSON.stringify(r.model_requests_by_protocol)}`)' "$RES/$name.json" "$name"
}

inflight_scenario() {
  local runtimes=("default:$JAVA") r label
  [[ -n "${BENCH_JAVA25:-}" ]] && runtimes+=("jdk25:$BENCH_JAVA25")
  start_stub "$INFLIGHT_DELAY_MS" 8 50 "$OUT/stub-inflight.log" "$MODEL_PROTOCOL"
  for r in "${runtimes[@]}"; do
    label=${r%%:*}; MODEL_JAVA=${r#*:}
    log "turns in flight on $label ($MODEL_JAVA): $INFLIGHT_N conversations, the stub thinks ${INFLIGHT_DELAY_MS} ms"
    start_model_server "$MODEL_JAVA" "$OUT/server-inflight-$label.log"
    # every turn in flight holds its client's socket, and over HTTP/1.1 a socket to the model too (h2: a few in all)
    local limit per=1; limit=$(awk '/^Max open files/ {print $4}' "/proc/$MODEL_PID/limits")
    [[ "$MODEL_PROTOCOL" == h2 ]] || per=2
    ((per * INFLIGHT_N + 300 > limit)) && log "  the server may open $limit files: $INFLIGHT_N turns in flight need about $((per * INFLIGHT_N + 300)); expect failures past it"
    for mode in $INFLIGHT_MODES; do inflight_run "$label" "$mode"; done
    stop_pid "$MODEL_PID"
  done
  stop_pid "$STUB_PID"
}

# start_haproxy LOG: HAProxy as a bare HTTP pass-through to the stub on HAPROXY_PORT (the floor any proxy pays).
start_haproxy() {
  cat >"$OUT/haproxy.cfg" <<CFG
global
  maxconn 8000
defaults
  mode http
  option http-keep-alive
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend bench
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend stub
backend stub
  server stub 127.0.0.1:$STUB_PORT
CFG
  haproxy -db -f "$OUT/haproxy.cfg" >"$1" 2>&1 &
  HAPROXY_PID=$!; PIDS_TO_STOP+=("$HAPROXY_PID")
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$HAPROXY_PORT/stats" && return 0; sleep 0.1; done
  die "HAProxy did not start (see $1)"
}

# latency_run NAME TARGET URL RATE: one open-loop run (load/open-http.mjs); the stub's own time to first token
# over the same run is kept beside it.
latency_run() {
  local name="$1" target="$2" url="$3" rate="$4" out
  curl -sk -X POST "$STUB_URL/stats" >/dev/null
  out=$(node "$BENCH_DIR/load/open-http.mjs" --target "$target" --url "$url" --rate "$rate" --duration "$LAT_S" \
    --key "$BENCH_KEY" --agent "$MODEL_AGENT")
  node -e 'const [o, s, name] = process.argv.slice(1); const r = JSON.parse(o); r.name = name; r.stub = JSON.parse(s); console.log(JSON.stringify(r));' \
    "$out" "$(curl -sk "$STUB_URL/stats")" "$name" >"$RES/latency-$name.json"
  node -e 'const r = require(process.argv[1]); console.error(`[bench]   ${r.name}: ${r.ok} ok of ${r.sent} at ${r.achieved_rate}/s, p50 ${r.latency_ms.p50} ms, p99 ${r.latency_ms.p99} ms, first token p50 ${r.first_token_ms.p50} ms, statuses ${JSON.stringify(r.statuses)}`)' "$RES/latency-$name.json"
}

latency_scenario() {
  log "added latency: the stub direct, through HAProxy and through Parley, open loop at $LAT_RATES req/s, ${LAT_S}s each"
  start_stub 0 8 0 "$OUT/stub-latency.log" http1
  start_haproxy "$OUT/haproxy.log"
  MODEL_JAVA=$JAVA start_model_server "$JAVA" "$OUT/server-latency.log"
  # warm-up of every path (JIT, pools) at the lowest rate
  local warm; warm=$(echo "$LAT_RATES" | awk '{print $1}')
  for t in stateless stateful; do
    node "$BENCH_DIR/load/open-http.mjs" --target "$t" --url "http://127.0.0.1:$MODEL_PORT" --rate "$warm" --duration 5 \
      --key "$BENCH_KEY" --agent "$MODEL_AGENT" >/dev/null || true
  done
  for rate in $LAT_RATES; do
    latency_run "direct-$rate" model "http://127.0.0.1:$STUB_PORT" "$rate"
    latency_run "haproxy-$rate" model "http://127.0.0.1:$HAPROXY_PORT" "$rate"
    latency_run "stateless-$rate" stateless "http://127.0.0.1:$MODEL_PORT" "$rate"
    latency_run "stateful-$rate" stateful "http://127.0.0.1:$MODEL_PORT" "$rate"
  done
  stop_pid "$MODEL_PID"; stop_pid "$HAPROXY_PID"; stop_pid "$STUB_PID"
}
