#!/usr/bin/env node
// Per-class difference of two `jcmd PID GC.class_histogram` outputs, per socket: which objects an idle socket keeps.
//   node histo-diff.mjs before.txt held.txt SOCKETS   → lines "bytes/socket  instances/socket  class", largest first
import fs from 'node:fs';

const [beforePath, heldPath, sockets] = process.argv.slice(2);
const parse = p => {
  const m = new Map();
  for (const line of fs.readFileSync(p, 'utf8').split('\n')) {
    const r = line.match(/^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/);
    if (r) m.set(r[3], { n: Number(r[1]), bytes: Number(r[2]) });
  }
  return m;
};
const before = parse(beforePath), held = parse(heldPath), n = Number(sockets);
const rows = [...held].map(([cls, h]) => {
  const b = before.get(cls) ?? { n: 0, bytes: 0 };
  return { cls, bytes: (h.bytes - b.bytes) / n, count: (h.n - b.n) / n };
}).filter(r => r.bytes >= 8).sort((a, b) => b.bytes - a.bytes);
for (const r of rows.slice(0, 40)) console.log(`${r.bytes.toFixed(0).padStart(6)} B ${r.count.toFixed(2).padStart(6)}  ${r.cls}`);
