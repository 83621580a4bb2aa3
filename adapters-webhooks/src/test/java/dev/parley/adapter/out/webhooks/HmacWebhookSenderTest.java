package dev.parley.adapter.out.webhooks;

import static dev.parley.adapter.out.webhooks.LoopbackServer.respond;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.out.WebhookSender.Result;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HmacWebhookSenderTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final Map<String, Object> PAYLOAD = Map.of("id", "evt_1", "type", "chat.completed",
      "data", Map.of("chat_id", "c-1", "final_reason", "user_end"));
  private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+)((?:,v1=[0-9a-f]{64})+)");

  private final LoopbackServer server = newServer();
  private final HmacWebhookSender sender = new HmacWebhookSender(JSON, new OutboundAddressPolicy(true, false, List.of()), Duration.ofMillis(500));

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void receiverGetsTheBodyTheEventIdAndAVerifiableSignature() throws Exception {
    server.on("/hooks", ex -> respond(ex, 204, null, new byte[0]));

    Result result = sender.send(server.url("/hooks"), "whsec_test", "evt_1", PAYLOAD);

    assertThat(result).isEqualTo(new Result(204, null));
    assertThat(result.delivered()).isTrue();
    LoopbackServer.Received request = server.received.get(0);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Parley-Event-Id")).isEqualTo("evt_1");
    assertThat(JSON.readValue(request.body(), Argument.mapOf(String.class, Object.class))).isEqualTo(PAYLOAD);
    String header = request.header("Parley-Signature");
    long now = Instant.now().getEpochSecond();
    assertThat(WebhookSignature.verify(header, "whsec_test", request.body(), now, 300)).isTrue();

    Matcher parts = SIGNATURE.matcher(header);
    assertThat(parts.matches()).as(header).isTrue();
    long t = Long.parseLong(parts.group(1));
    assertThat(t).isBetween(now - 5, now);
    assertThat(parts.group(2)).isEqualTo(",v1=" + hmacSha256("whsec_test", t + "." + new String(request.body(), UTF_8)));
  }

  @Test
  void duringARotationBothSecretsSignAndEachVerifiesAlone() throws Exception {
    server.on("/hooks", ex -> respond(ex, 200, null, new byte[0]));

    sender.send(server.url("/hooks"), "new_secret,old_secret", "evt_2", PAYLOAD);

    LoopbackServer.Received request = server.received.get(0);
    String header = request.header("Parley-Signature");
    Matcher parts = SIGNATURE.matcher(header);
    assertThat(parts.matches()).as(header).isTrue();
    String signed = parts.group(1) + "." + new String(request.body(), UTF_8);
    assertThat(parts.group(2)).isEqualTo(",v1=" + hmacSha256("new_secret", signed) + ",v1=" + hmacSha256("old_secret", signed));
    long now = Instant.now().getEpochSecond();
    assertThat(WebhookSignature.verify(header, "new_secret", request.body(), now, 300)).isTrue();
    assertThat(WebhookSignature.verify(header, "old_secret", request.body(), now, 300)).isTrue();
    assertThat(WebhookSignature.verify(header, "third_secret", request.body(), now, 300)).isFalse();
  }

  @Test
  void withoutASecretNoSignatureIsSent() {
    server.on("/hooks", ex -> respond(ex, 200, null, new byte[0]));

    assertThat(sender.send(server.url("/hooks"), null, "evt_3", PAYLOAD).delivered()).isTrue();

    assertThat(server.received.get(0).header("Parley-Signature")).isNull();
    assertThat(server.received.get(0).header("Parley-Event-Id")).isEqualTo("evt_3");
  }

  @Test
  void aServerErrorIsReportedAsARetryableStatus() {
    server.on("/hooks", ex -> respond(ex, 500, "text/plain", "boom".getBytes(UTF_8)));

    Result result = sender.send(server.url("/hooks"), "s", "evt_4", PAYLOAD);

    assertThat(result).isEqualTo(new Result(500, null));
    assertThat(result.retryable()).isTrue();
  }

  @Test
  void goneIsReportedAsAFinalStatus() {
    server.on("/hooks", ex -> respond(ex, 410, null, new byte[0]));

    Result result = sender.send(server.url("/hooks"), "s", "evt_5", PAYLOAD);

    assertThat(result).isEqualTo(new Result(410, null));
    assertThat(result.retryable()).isFalse();
  }

  @Test
  void aRedirectIsReportedAsItsStatusAndNotFollowed() {
    server.on("/hooks", ex -> {
      ex.getResponseHeaders().set("Location", server.url("/elsewhere"));
      respond(ex, 302, null, new byte[0]);
    });
    server.on("/elsewhere", ex -> respond(ex, 200, null, new byte[0]));

    Result result = sender.send(server.url("/hooks"), "s", "evt_6", PAYLOAD);

    assertThat(result).isEqualTo(new Result(302, null));
    assertThat(result.retryable()).isFalse();
    assertThat(server.received).extracting(LoopbackServer.Received::path).containsExactly("/hooks");
  }

  @Test
  void aTimeoutIsReportedWithoutStatusAndRetried() {
    server.on("/hooks", ex -> {
      Thread.sleep(5_000);
      respond(ex, 200, null, new byte[0]);
    });

    long started = System.nanoTime();
    Result result = sender.send(server.url("/hooks"), "s", "evt_7", PAYLOAD);

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    assertThat(result).isEqualTo(new Result(null, "timeout"));
    assertThat(result.retryable()).isTrue();
  }

  @Test
  void aClosedPortIsReportedAsConnectionRefusedAndRetried() {
    String url = server.url("/hooks");
    server.close();

    Result result = sender.send(url, "s", "evt_8", PAYLOAD);

    assertThat(result.status()).isNull();
    assertThat(result.error()).startsWith("connection refused");
    assertThat(result.retryable()).isTrue();
  }

  @Test
  void aStoredBlankSecretDeadLettersInsteadOfSendingUnsigned() {
    server.on("/hooks", ex -> respond(ex, 200, null, new byte[0]));

    for (String blank : List.of("", "  ", ",", " , ")) {
      Result result = sender.send(server.url("/hooks"), blank, "evt_blank", PAYLOAD);
      assertThat(result.status()).isEqualTo(400);
      assertThat(result.error()).contains("secret is blank");
      assertThat(result.retryable()).isFalse();
    }
    assertThat(server.received).isEmpty();
  }

  @Test
  void anAddressRefusedByThePolicyDeadLettersAtOnce() {
    server.on("/hooks", ex -> respond(ex, 200, null, new byte[0]));
    HmacWebhookSender strict = new HmacWebhookSender(JSON, new OutboundAddressPolicy(false, false, List.of()));

    Result result = strict.send(server.url("/hooks"), "s", "evt_9", PAYLOAD);

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.error()).startsWith("refused by outbound policy").contains("127.0.0.1");
    assertThat(result.retryable()).isFalse();
    assertThat(server.received).isEmpty();
  }

  @Test
  void anEndlessResponseBodyDoesNotHoldTheDelivery() {
    server.on("/hooks", ex -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[512];
      for (int i = 0; i < 200_000; i++) { ex.getResponseBody().write(chunk); ex.getResponseBody().flush(); }
    });

    assertThat(sender.send(server.url("/hooks"), "s", "evt_10", PAYLOAD)).isEqualTo(new Result(200, null));
  }

  private static String hmacSha256(String secret, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(UTF_8)));
  }

  private static LoopbackServer newServer() {
    try {
      return new LoopbackServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
