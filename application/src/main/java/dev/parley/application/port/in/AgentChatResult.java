package dev.parley.application.port.in;

import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import java.util.List;

/**
 * Inbound port: what a stateless agent run produced. {@code reply} is the agent's last text (null when the run ended
 * on client tool calls); {@code clientCalls} are the calls the client must run; {@code usage} sums every model call
 * of the run; {@code model} is the last model that answered (null for a scripted agent).
 */
public record AgentChatResult(List<Message> newMessages, String reply, List<ToolCall> clientCalls, boolean finish,
                              Usage usage, String model) {}
