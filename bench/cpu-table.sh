#!/usr/bin/env bash
# bench/cpu-table.sh OUTDIR: per-round CPU accounting of the stateful flow rounds of one bench/run (quick look).
for f in "$1"/results/flow-parley-r*.json; do
  r=${f##*-r}; r=${r%.json}
  node -e 'const p=require(process.argv[1]), w=require(process.argv[2]);
    console.log(`r${process.argv[3]} parley ${p.flows_per_s.toFixed(1)} flows/s, server ${(1000*p.server_cpu_s/p.flows).toFixed(1)} ms/flow, pg ${(1000*p.pg_cpu_s/p.flows).toFixed(1)}, client ${(1000*p.client_cpu_s/p.flows).toFixed(1)}, others ${(p.others_cpu_s/p.duration_s).toFixed(2)} cores | pgbench ${w.flows_per_s.toFixed(0)} flows/s, pg ${(1000*w.pg_cpu_s/w.flows).toFixed(1)} ms/flow, client ${(1000*w.client_cpu_s/w.flows).toFixed(2)}, others ${(w.others_cpu_s/w.duration_s).toFixed(2)} cores`)' \
    "$f" "$1/results/flow-pgbench-writes-r$r.json" "$r"
done
