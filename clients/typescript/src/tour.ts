// The README's tour with the generated TypeScript client: create an agent, open a chat, send a message, end it and
// read the completion webhook's delivery. GeneratedClientsTest runs it against a real server.
import { type Body, ok, parleyClient } from "./parley.js";

const parley = parleyClient(process.env.PARLEY_URL ?? "http://localhost:8080", process.env.PARLEY_API_KEY ?? "");
const hookUrl = process.env.HOOK_URL ?? "http://127.0.0.1:9000/hook";

// Some answers are still described as bare objects in the document: read their fields with a check.
function text(answer: unknown, ...path: (string | number)[]): string {
  let value: unknown = answer;
  for (const step of path) value = (value as Record<string | number, unknown> | undefined)?.[step];
  if (typeof value !== "string") throw new Error(`no text at ${path.join(".")} in ${JSON.stringify(answer)}`);
  return value;
}

const agent = ok(await parley.POST("/api/v1/agents", {
  body: {
    name: "Tour guide",
    greeting: "Hi! Say bye to finish.",
    script: { rules: [{ match: "(?i)bye", reply: "Goodbye!", finish: true }], fallback: "You said: {{last_user_message}}" },
    completion_webhook: { url: hookUrl, secret: "tour-secret" },
  } satisfies Body<"/api/v1/agents", "post">,
}));
const agentId = text(agent, "id");

const chat = ok(await parley.POST("/api/v1/chats", {
  body: { agent_id: agentId, channel: "web", user_id: "ada" } satisfies Body<"/api/v1/chats", "post">,
}));
const chatId = text(chat, "id");
console.log(`chat ${chatId}`);

const turn = ok(await parley.POST("/api/v1/chats/{id}/messages", {
  params: { path: { id: chatId } },
  body: { content: "hello" } satisfies Body<"/api/v1/chats/{id}/messages", "post">,
}));
const messages = (turn as { messages?: unknown[] }).messages ?? [];
console.log(`reply ${text(messages.at(-1), "content")}`);

const ended = ok(await parley.POST("/api/v1/chats/{id}/end", {
  params: { path: { id: chatId } },
  body: {} satisfies Body<"/api/v1/chats/{id}/end", "post">,
}));
console.log(`status ${ended.status}`);

// The outbox sends the webhook shortly after the chat ends: poll its delivery record.
for (let attempt = 0; attempt < 100; attempt++) {
  const deliveries = ok(await parley.GET("/api/v1/webhook-deliveries", { params: { query: { chat_id: chatId } } }));
  const status = deliveries.items[0]?.status;
  if (status === "delivered") {
    console.log(`delivery ${deliveries.items[0].event_type} ${status}`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const transcript = ok(await parley.GET("/api/v1/chats/{id}", { params: { path: { id: chatId } } }));
console.log(`transcript ${(transcript.messages ?? []).map((m) => `${m.role}:${m.content}`).join(" | ")}`);
