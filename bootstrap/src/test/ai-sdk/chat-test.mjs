// Drives POST /api/v1/ai-sdk/chat with the real AI SDK (DefaultChatTransport + readUIMessageStream), as a useChat
// front end would. Config (JSON, argv[2]): api, token (web integration), apiKey, slowAgentId (streams slowly). Prints one JSON line
// with what it saw; AiSdkChatTest asserts on it and on the chats through the REST API.
import { DefaultChatTransport, lastAssistantMessageIsCompleteWithApprovalResponses, readUIMessageStream } from 'ai';

const config = JSON.parse(process.argv[2]);
const seen = {};

function transport(headers, captured, body) {
  return new DefaultChatTransport({
    api: config.api,
    headers,
    body,
    // reads Parley's response headers (the chat's secret) as a front end's fetch wrapper would
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      if (captured) captured.secret ??= response.headers.get('x-parley-chat-secret');
      if (captured) captured.chatId = response.headers.get('x-parley-chat-id');
      if (captured) captured.protocol = response.headers.get('x-vercel-ai-ui-message-stream');
      return response;
    },
  });
}

let seq = 0;
const userMessage = (text) => ({ id: `u${++seq}`, role: 'user', parts: [{ type: 'text', text }] });
const textOf = (message) => message.parts.filter((p) => p.type === 'text').map((p) => p.text).join('');

async function send(t, chatId, messages, last, abortSignal, onMessage) {
  const stream = await t.sendMessages({ chatId, messages, trigger: 'submit-message', messageId: undefined, abortSignal });
  let message = last;
  for await (const m of readUIMessageStream({ message: last, stream, terminateOnError: true })) {
    message = m;
    if (onMessage) onMessage(m);
  }
  return message;
}

async function refused(t, chatId, text) {
  try {
    await send(t, chatId, [userMessage(text)]);
    return 'accepted';
  } catch (e) {
    return String(e.statusCode ?? e.message);
  }
}

const web = (secret) => ({ Authorization: `Bearer ${config.token}`, ...(secret ? { 'x-parley-chat-secret': secret } : {}) });

// text, then a continued conversation carrying the secret
const chatId = `chat-${Date.now()}`;
const session = {};
const first = userMessage('hello there');
const reply1 = await send(transport(web(), session), chatId, [first]);
seen.text = { reply: textOf(reply1), secret: session.secret != null, chatId: session.chatId, protocol: session.protocol };
const second = userMessage('and once more');
const continued = {};
const reply2 = await send(transport(() => web(session.secret), continued), chatId, [first, reply1, second]);
seen.continued = { reply: textOf(reply2), chatId: continued.chatId, newSecret: continued.secret != null };

// a stranger with the same token and id: without the secret, then with a made-up one
seen.stranger = {
  noSecret: await refused(transport(web()), chatId, 'let me in'),
  wrongSecret: await refused(transport(web('rt_not-the-secret')), chatId, 'let me in'),
};

// a tool call: the agent's webhook tool runs on the server
const weatherChat = `weather-${Date.now()}`;
const weather = await send(transport(web()), weatherChat, [userMessage('what is the weather?')]);
const weatherTool = weather.parts.find((p) => p.type === 'tool-weather');
seen.tool = { state: weatherTool?.state, output: weatherTool?.output, reply: textOf(weather) };

// a client tool round trip: the answer stops at the tool's input, the client adds the output and sends again
const locChat = `loc-${Date.now()}`;
const locSession = {};
const ask = userMessage('where am I?');
const asked = await send(transport(web(), locSession), locChat, [ask]);
const pending = asked.parts.find((p) => p.type === 'tool-getLocation');
seen.clientTool = { pendingState: pending?.state };
const answered = { ...asked, parts: asked.parts.map((p) => (p === pending ? { ...p, state: 'output-available', output: { city: 'Lisbon' } } : p)) };
const done = await send(transport(() => web(locSession.secret)), locChat, [ask, answered], answered);
seen.clientTool.finalState = done.parts.find((p) => p.type === 'tool-getLocation')?.state;
seen.clientTool.reply = textOf(done);
seen.clientTool.chatId = locSession.chatId;

// tool approval: the answer stops at the approval request; the message addToolApprovalResponse leaves decides it
async function approval(headers, body, approved, stranger) {
  const chat = `refund-${approved}-${Date.now()}`;
  const s = {};
  const ask = userMessage('please refund my order');
  const asked = await send(transport(() => headers(s), s, body), chat, [ask]);
  const part = asked.parts.find((p) => p.type === 'tool-refund');
  const result = { requestedState: part?.state, input: part?.input, approvalId: part?.approval?.id, chatId: s.chatId };
  // what Chat.addToolApprovalResponse({id, approved, reason}) does to the message before it sends again
  const reason = approved ? undefined : 'over the refund limit';
  const answered = { ...asked, parts: asked.parts.map((p) => (p === part ? { ...p, state: 'approval-responded', approval: { ...p.approval, approved, reason } } : p)) };
  result.sendsAutomatically = lastAssistantMessageIsCompleteWithApprovalResponses({ messages: [ask, answered] });
  const answeredAgain = structuredClone(answered); // readUIMessageStream updates the message it continues
  if (stranger) { // the same public token and id, without the chat's secret: may not decide
    const copy = structuredClone(answered);
    try {
      await send(transport(stranger), chat, [ask, copy], copy);
      result.stranger = 'accepted';
    } catch (e) {
      result.stranger = `${e.statusCode ?? ''} ${e.message}`;
    }
  }
  const done = await send(transport(() => headers(s), undefined, body), chat, [ask, answered], answered);
  const decided = done.parts.find((p) => p.type === 'tool-refund');
  Object.assign(result, { finalState: decided?.state, output: decided?.output, reply: textOf(done) });
  try { // the same answer again: the approval is no longer pending
    await send(transport(() => headers(s), undefined, body), chat, [ask, answeredAgain], answeredAgain);
    result.again = 'accepted';
  } catch (e) {
    result.again = `${e.statusCode ?? ''} ${e.message}`;
  }
  return result;
}
seen.approve = await approval((s) => web(s.secret), undefined, true, web());
seen.deny = await approval(() => ({ 'X-API-Key': config.apiKey }), { agent_id: config.agentId }, false);

// a stop: the client aborts while the reply streams; the server cancels the turn
const stopSession = {};
const controller = new AbortController();
let partial = '';
try {
  await send(transport({ 'X-API-Key': config.apiKey }, stopSession, { agent_id: config.slowAgentId }), `stop-${Date.now()}`, [userMessage('tell me a long story')],
    undefined, controller.signal, (m) => {
      partial = textOf(m);
      if (partial.length > 0 && !controller.signal.aborted) setTimeout(() => controller.abort(), 300);
    });
  seen.stop = { aborted: false };
} catch (e) {
  seen.stop = { aborted: controller.signal.aborted, partial, chatId: stopSession.chatId };
}

console.log(JSON.stringify(seen));
