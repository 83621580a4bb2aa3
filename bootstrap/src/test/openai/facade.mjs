// Drives Parley's OpenAI-compatible facade with the official `openai` client (OpenAiFacadeTest starts the server and
// reads what this prints: one JSON object with what each step saw). Nothing here is asserted: the Java test does that.
import OpenAI from 'openai';

const { PARLEY_OPENAI_URL: baseURL, PARLEY_API_KEY: apiKey, SCRIPTED_AGENT: scripted, PROVIDER_AGENT: provider } = process.env;
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const seen = {};

const models = await client.models.list();
seen.list = models.data.map(m => ({ id: m.id, object: m.object, owned_by: m.owned_by, name: m.name, created: m.created }));
seen.retrieve = await client.models.retrieve(scripted);

const plain = await client.chat.completions.create({ model: provider, messages: [
  { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello there' }] });
seen.create = { object: plain.object, model: plain.model, content: plain.choices[0].message.content,
  finish_reason: plain.choices[0].finish_reason, usage: plain.usage };

const scriptedAnswer = await client.chat.completions.create({ model: scripted,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'tell me ' }, { type: 'text', text: 'a story' }] }] });
seen.scripted = { content: scriptedAnswer.choices[0].message.content, usage: scriptedAnswer.usage };

for (const [name, model] of [['stream', scripted], ['provider_stream', provider]]) {
  const stream = await client.chat.completions.create({ model, stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'stream a long answer please' }] });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  seen[name] = { chunks: chunks.length, text: chunks.map(c => c.choices[0]?.delta?.content ?? '').join(''),
    finish_reason: chunks.map(c => c.choices[0]?.finish_reason).filter(Boolean),
    objects: [...new Set(chunks.map(c => c.object))], last_usage: chunks[chunks.length - 1].usage ?? null,
    last_choices: chunks[chunks.length - 1].choices.length };
}

// An OpenAI-style agent loop: the agent calls the client's tool, the client runs it and sends the result back.
const tools = [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
const messages = [{ role: 'user', content: 'what is the weather like?' }];
const first = await client.chat.completions.create({ model: provider, messages, tools });
const call = first.choices[0].message.tool_calls?.[0];
seen.tool_call = { finish_reason: first.choices[0].finish_reason, name: call?.function.name,
  arguments: call ? JSON.parse(call.function.arguments) : null, id: call?.id };
messages.push(first.choices[0].message);
messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify({ temperature: 21, city: 'Paris' }) });
const second = await client.chat.completions.create({ model: provider, messages, tools });
seen.tool_result = { finish_reason: second.choices[0].finish_reason, content: second.choices[0].message.content,
  usage: second.usage };

// The same loop streamed: the client tool call arrives as a tool_calls chunk (here from a scripted agent).
const timeTools = [{ type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } }];
const streamedCall = await client.chat.completions.create({ model: process.env.CLOCK_AGENT, stream: true, tools: timeTools,
  messages: [{ role: 'user', content: 'what time is it?' }] });
const callChunks = [];
for await (const chunk of streamedCall) callChunks.push(chunk);
const streamedCalls = callChunks.flatMap(c => c.choices[0]?.delta?.tool_calls ?? []);
seen.stream_tool_call = { calls: streamedCalls.map(c => ({ index: c.index, name: c.function?.name,
  arguments: c.function?.arguments })), finish_reason: callChunks.map(c => c.choices[0]?.finish_reason).filter(Boolean) };
const clockAnswer = await client.chat.completions.create({ model: process.env.CLOCK_AGENT, tools: timeTools, messages: [
  { role: 'user', content: 'what time is it?' },
  { role: 'assistant', content: null, tool_calls: streamedCalls.map(c => ({ id: c.id, type: 'function', function: c.function })) },
  { role: 'tool', tool_call_id: streamedCalls[0].id, content: JSON.stringify({ now: 'noon' }) }] });
seen.stream_tool_result = clockAnswer.choices[0].message.content;

async function failure(request) {
  try {
    await request();
    return { thrown: false };
  } catch (e) {
    return { thrown: true, class: e.constructor.name, status: e.status, message: e.message, code: e.code, param: e.param,
      type: e.type };
  }
}
seen.unknown_model = await failure(() => client.chat.completions.create({ model: '00000000-0000-4000-8000-000000000000',
  messages: [{ role: 'user', content: 'hi' }] }));
seen.bad_input = await failure(() => client.chat.completions.create({ model: scripted,
  messages: [{ role: 'user', content: 'hi' }, { role: 'wizard', content: 'abracadabra' }] }));
seen.wrong_key = await failure(() => new OpenAI({ baseURL, apiKey: 'not-a-key', maxRetries: 0 }).models.list());

console.log(JSON.stringify(seen));
