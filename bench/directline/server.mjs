#!/usr/bin/env node
// The side-by-side peer of bench/run: offline-directline 1.3.1 (npm; a local, in-memory implementation of the Bot
// Framework Direct Line API, without authentication) with a tiny echo bot — both on 127.0.0.1 only. The package's
// own command line listens on all interfaces, so its router is mounted here on an express app bound to loopback.
//
//   node bench/directline/server.mjs 18300      Direct Line on 127.0.0.1:18300, the echo bot on 127.0.0.1:18301
//
// The bot is a separate process, as a Bot Framework bot is a web service of its own: Direct Line posts each activity
// to it (POST /api/messages) and waits for its answer; the bot posts its reply to the connector
// (POST {serviceUrl}/v3/conversations/{id}/activities) before answering, so the reply is in the conversation's
// history when the client's POST returns. Installed by bench/run (`npm install` here); node_modules is not committed.
import http from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const port = Number(process.argv[2] ?? 18300);
const botPort = port + 1;

if (process.argv[3] === '--bot') {
  // ---- the echo bot -------------------------------------------------------------------------------------------------
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (url, body) => new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
      res => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', reject);
    req.end(payload);
  });
  http.createServer((req, res) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      try {
        const activity = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        if (activity.type === 'message') {
          await post(`${activity.serviceUrl}/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities`, {
            type: 'message', text: `You said: ${activity.text ?? ''}`, replyToId: activity.id, conversation: activity.conversation,
            recipient: activity.from, timestamp: new Date().toISOString(), localTimestamp: new Date().toISOString(),
          });
        }
        res.writeHead(200).end();
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  }).listen(botPort, '127.0.0.1', () => process.send?.('ready'));
} else {
  // ---- offline-directline on loopback -------------------------------------------------------------------------------
  const { default: express } = await import('express');
  const { default: directline } = await import('offline-directline');
  const bot = fork(fileURLToPath(import.meta.url), [String(port), '--bot'], { stdio: 'inherit' });
  const stop = () => { bot.kill(); process.exit(0); };
  process.on('SIGTERM', stop).on('SIGINT', stop);
  bot.on('exit', code => { console.error(`echo bot exited (${code})`); process.exit(1); });
  await new Promise(resolve => bot.once('message', resolve));
  const app = express();
  app.use(directline.getRouter(`http://127.0.0.1:${port}`, `http://127.0.0.1:${botPort}/api/messages`));
  app.listen(port, '127.0.0.1', () => console.log(`offline-directline on http://127.0.0.1:${port}, echo bot on http://127.0.0.1:${botPort} (echo bot pid ${bot.pid})`));
}
