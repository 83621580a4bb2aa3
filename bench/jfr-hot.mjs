#!/usr/bin/env node
// Summarises CPU samples of a JFR recording: reads `jfr print --json --events jdk.ExecutionSample` on stdin and prints
// the top self frames, the top inclusive frames and a breakdown by package family. Used by bench/run --profile.
//   jfr print --json --events jdk.ExecutionSample --stack-depth 64 rec.jfr | node bench/jfr-hot.mjs [top]
const top = Number(process.argv[2] ?? 25);
let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', c => { text += c; });
process.stdin.on('end', () => {
  const events = JSON.parse(text).recording.events;
  const self = new Map(), incl = new Map(), family = new Map();
  const name = f => `${f.method.type.name.replaceAll('/', '.')}.${f.method.name}`;
  const families = [
    ['dev.parley', 'Parley code'], ['org.postgresql', 'PostgreSQL JDBC driver'], ['com.zaxxer.hikari', 'Hikari pool'],
    ['io.micronaut.data', 'Micronaut Data / transactions'], ['io.micronaut.http', 'Micronaut HTTP'],
    ['io.micronaut.serde', 'JSON (serde)'], ['com.fasterxml.jackson', 'JSON (jackson core)'],
    ['io.micronaut', 'Micronaut other'], ['io.netty', 'Netty'], ['io.micrometer', 'Micrometer metrics'],
    ['ch.qos.logback', 'logging'], ['org.slf4j', 'logging'], ['com.google.re2j', 'RE2/J (scripted agent)'],
    ['java.', 'JDK'], ['jdk.', 'JDK'], ['sun.', 'JDK'],
  ];
  for (const e of events) {
    const frames = e.values.stackTrace?.frames ?? [];
    if (!frames.length) continue;
    const leaf = name(frames[0]);
    self.set(leaf, (self.get(leaf) ?? 0) + 1);
    const seen = new Set();
    for (const f of frames) { const n = name(f); if (!seen.has(n)) { seen.add(n); incl.set(n, (incl.get(n) ?? 0) + 1); } }
    // family of the sample = the first non-JDK frame from the leaf up (JDK code called by a library counts for it)
    let fam = 'JDK';
    for (const f of frames) {
      const n = name(f);
      const hit = families.find(([p]) => n.startsWith(p));
      if (hit && !['java.', 'jdk.', 'sun.'].includes(hit[0])) { fam = hit[1]; break; }
    }
    family.set(fam, (family.get(fam) ?? 0) + 1);
  }
  const total = events.length;
  const show = (title, m, n) => {
    console.log(`\n${title} (of ${total} samples)`);
    for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n))
      console.log(`${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
  };
  show('By code family (leaf-most non-JDK frame)', family, 20);
  show('Top self frames', self, top);
  show('Top inclusive frames (dev.parley only)', new Map([...incl].filter(([k]) => k.startsWith('dev.parley'))), top);
});
