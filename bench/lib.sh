# Shared helpers of bench/run and bench/smoke (sourced, not executed).
# Everything listens on 127.0.0.1 only; every process started here is stopped by its pid.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
# BENCH_JAR runs another build of the same code base (an A/B against a copy of an earlier jar; with BENCH_SKIP_BUILD=1).
JAR="${BENCH_JAR:-$ROOT/bootstrap/target/parley-bootstrap-0.1.0-SNAPSHOT.jar}"
# The bare baselines (POST /bench/echo, /bench/ws): a jar of their own, never in the shipped one ($JAR). A server
# started with WITH_BARE_ENDPOINTS=1 gets it on its class path beside the shipped jar.
BARE_JAR="$ROOT/bench/bare-endpoints/target/bare-endpoints.jar"
MAIN_CLASS=dev.parley.bootstrap.ParleyApplication
JAVA="${BENCH_JAVA:-java}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${BENCH_PG_PORT:-5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
PGBENCH="${BENCH_PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1)}"
BENCH_KEY="${BENCH_KEY:-bench-key}"
PIDS_TO_STOP=()

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"
psql_db() { local db="$1"; shift; psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

# Installs what the harness needs on a fresh Debian machine: wrk, gnuplot, GNU time (apt) and the npm packages
# of bench/package.json (into bench/node_modules, ignored by git). Nothing is installed when it is already there.
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  [[ -x /usr/bin/time ]] || missing+=(time)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v haproxy >/dev/null || missing+=(haproxy)   # the added-latency pass-through
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v node >/dev/null || missing+=(nodejs npm)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} (apt-get)"
    local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
      || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; } \
      || die "could not install ${missing[*]}"
  fi
  [[ -x "$PGBENCH" ]] || die "pgbench not found (set BENCH_PGBENCH); it ships with the PostgreSQL server packages"
  if [[ ! -d "$BENCH_DIR/node_modules/ws" ]]; then
    log "installing the load clients' npm packages (bench/package.json)"
    (cd "$BENCH_DIR" && npm install --no-audit --no-fund --silent >/dev/null) || die "npm install failed in bench/"
  fi
}

build_jar() {
  if [[ "${BENCH_SKIP_BUILD:-0}" == 1 && -f "$JAR" ]]; then log "using the existing jar (BENCH_SKIP_BUILD=1)"; return; fi
  log "building the jar (./mvnw -q package -DskipTests)"
  (cd "$ROOT" && ./mvnw -q package -DskipTests 2>&1 | grep -v '^SLF4J' >&2) || true
  [[ -f "$JAR" ]] || die "no jar at $JAR after the build"
  [[ -f "$BARE_JAR" ]] || die "no bare-endpoints jar at $BARE_JAR after the build"
}

# fresh_db NAME: drops and recreates one of the harness's own databases (never `test`).
fresh_db() {
  local db="$1"
  [[ "$db" == parley_bench* ]] || die "refusing to recreate database $db: the harness only owns parley_bench*"
  psql_db postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  psql_db postgres -c "CREATE DATABASE $db" >/dev/null
}

# fresh_schema NAME: an empty public schema in one of the harness's databases (faster than a new database).
fresh_schema() {
  local db="$1"
  [[ "$db" == parley_bench* ]] || die "refusing to empty database $db: the harness only owns parley_bench*"
  if [[ -z "$(psql_db postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
    psql_db postgres -c "CREATE DATABASE $db" >/dev/null
  else
    psql_db "$db" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null
  fi
}

# start_server PORT DB LOGFILE [extra JVM options...]: starts Parley in the background, sets SERVER_PID. The shipped
# jar alone (java -jar), or with WITH_BARE_ENDPOINTS=1 the shipped jar and the bare baselines' jar (java -cp).
start_server() {
  local port="$1" db="$2" logfile="$3"; shift 3
  local launch=(-jar "$JAR")
  if [[ "${WITH_BARE_ENDPOINTS:-0}" == 1 ]]; then
    [[ -f "$BARE_JAR" ]] || die "no bare-endpoints jar at $BARE_JAR (./mvnw package builds it)"
    launch=(-cp "$JAR:$BARE_JAR" "$MAIN_CLASS")
  fi
  env DATASOURCES_DEFAULT_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db" DATASOURCES_DEFAULT_USERNAME="$PG_USER" \
      DATASOURCES_DEFAULT_PASSWORD="" MICRONAUT_SERVER_PORT="$port" MICRONAUT_SERVER_HOST=127.0.0.1 \
      PARLEY_DEV_API_KEY="$BENCH_KEY" PARLEY_ALLOW_LOOPBACK=true PARLEY_RATE_LIMIT_PER_SECOND=0 \
      PARLEY_RATE_LIMIT_CHAT_OPENS_PER_MINUTE=0 PARLEY_RATE_LIMIT_CHAT_OPENS_PER_TOKEN_PER_MINUTE=0 \
      "$JAVA" ${BENCH_JVM_OPTS:-} "$@" "${launch[@]}" >"$logfile" 2>&1 &
  SERVER_PID=$!
  PIDS_TO_STOP+=("$SERVER_PID")
}

# wait_ready PORT PID [timeout s]: waits for GET /health to answer 200; prints the seconds it took.
wait_ready() {
  local port="$1" pid="$2" timeout="${3:-120}" t0 now
  t0=${4:-$(date +%s%N)}
  while true; do
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/health"; then break; fi
    kill -0 "$pid" 2>/dev/null || { log "server $pid died"; return 1; }
    now=$(date +%s%N)
    if (( now - t0 > timeout * 1000000000 )); then log "server not ready after ${timeout}s"; return 1; fi
    sleep 0.02
  done
  now=$(date +%s%N)
  awk -v d=$((now - t0)) 'BEGIN { printf "%.3f\n", d / 1e9 }'
}

stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_all() {
  local pid
  for pid in "${PIDS_TO_STOP[@]}"; do stop_pid "$pid"; done
  PIDS_TO_STOP=()
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# CPU jiffies (user+system) of one process, of all PostgreSQL backends serving database $1, and of the machine.
proc_jiffies() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# pg_cpu_sampler DB OUTFILE: runs until killed (TERM), polling every 0.2 s the CPU jiffies of every PostgreSQL
# backend of database DB (backends of short-lived clients such as pgbench vanish when they exit, so the last value
# seen per pid is kept); on TERM it writes the sum to OUTFILE. Under-counts at most the last 0.2 s of each backend.
pg_cpu_sampler() {
  local db="$1" out="$2"
  (
    declare -A seen=() base=()
    for p in $(pgrep -f "postgres: .* $db " || true); do
      j=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null) && base[$p]=$j
    done
    finish() { local s=0 k; for k in "${!seen[@]}"; do s=$((s + seen[$k] - ${base[$k]:-0})); done; echo "$s" >"$out"; exit 0; }
    trap finish TERM
    while true; do
      for p in $(pgrep -f "postgres: .* $db " || true); do
        j=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null) && seen[$p]=$j
      done
      sleep 0.2 & wait $!
    done
  ) &
  SAMPLER_PID=$!
}
stop_sampler() { kill -TERM "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; }
machine_busy_jiffies() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
# heap_used_bytes PORT: the JVM's used heap from the server's Prometheus endpoint (all G1 pools).
heap_used_bytes() {
  curl -s "http://127.0.0.1:$1/prometheus" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {s += $NF} END {printf "%d\n", s}'
}
