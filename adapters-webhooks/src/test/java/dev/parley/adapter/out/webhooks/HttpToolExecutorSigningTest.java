package dev.parley.adapter.out.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.domain.agent.ToolDefinition;
import io.micronaut.json.JsonMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpToolExecutorSigningTest {

  @Test
  void a_tool_with_a_secret_gets_a_verifiable_signature_and_one_without_gets_none() throws Exception {
    AtomicReference<String> signature = new AtomicReference<>();
    AtomicReference<byte[]> body = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/tool", exchange -> {
      body.set(exchange.getRequestBody().readAllBytes());
      signature.set(exchange.getRequestHeaders().getFirst("Parley-Signature"));
      byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    try {
      HttpToolExecutor executor = new HttpToolExecutor(JsonMapper.createDefault(), new OutboundAddressPolicy(true, false, List.of()));
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tool";
      ToolExecutor.ToolContext context = new ToolExecutor.ToolContext(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
      executor.execute(new ToolDefinition("signed", "", null, new ToolDefinition.ToolWebhook(url, 2000, "tool-secret")), Map.of(), context);
      long now = System.currentTimeMillis() / 1000;
      assertThat(WebhookSignature.verify(signature.get(), "tool-secret", body.get(), now, 300)).isTrue();
      executor.execute(new ToolDefinition("unsigned", "", null, new ToolDefinition.ToolWebhook(url, 2000)), Map.of(), context);
      assertThat(signature.get()).isNull();

      // a secret with no usable value (stored before such secrets were refused) is never sent unsigned
      body.set(null);
      for (String blank : List.of("", " ", ",", " , ")) {
        Object result = executor.execute(new ToolDefinition("blank", "", null, new ToolDefinition.ToolWebhook(url, 2000, blank)), Map.of(), context);
        assertThat(String.valueOf(result)).contains("secret is blank");
      }
      assertThat(body.get()).isNull();
    } finally {
      server.stop(0);
    }
  }
}
