package dev.parley.adapter.out.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
  private static final long T = 1_700_000_000L;

  @Test
  void signatureIsTheHexHmacSha256OfTimestampDotBody() {
    // Computed independently: python3 hmac.new(b'whsec_test', b'1700000000.{"id":"evt_1"}', sha256).hexdigest()
    assertThat(WebhookSignature.sign("whsec_test", T, BODY))
        .isEqualTo("c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925");
  }

  @Test
  void headerCarriesTheTimestampAndOneV1PerSecret() {
    assertThat(WebhookSignature.header("whsec_test", T, BODY))
        .isEqualTo("t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925");
    assertThat(WebhookSignature.header("new, old", T, BODY)).isEqualTo("t=" + T
        + ",v1=" + WebhookSignature.sign("new", T, BODY) + ",v1=" + WebhookSignature.sign("old", T, BODY));
  }

  @Test
  void verifyAcceptsAFreshHeaderSignedWithTheSecret() {
    String header = WebhookSignature.header("whsec_test", T, BODY);
    assertThat(WebhookSignature.verify(header, "whsec_test", BODY, T + 299, 300)).isTrue();
  }

  @Test
  void verifyAcceptsAHeaderSignedWithEitherSecretOfARotation() {
    assertThat(WebhookSignature.verify(WebhookSignature.header("old", T, BODY), "new,old", BODY, T, 300)).isTrue();
    assertThat(WebhookSignature.verify(WebhookSignature.header("new,old", T, BODY), "old", BODY, T, 300)).isTrue();
  }

  @Test
  void verifyRejectsATamperedBody() {
    String header = WebhookSignature.header("whsec_test", T, BODY);
    byte[] tampered = "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(header, "whsec_test", tampered, T, 300)).isFalse();
  }

  @Test
  void verifyRejectsATimestampOutsideTheTolerance() {
    String header = WebhookSignature.header("whsec_test", T, BODY);
    assertThat(WebhookSignature.verify(header, "whsec_test", BODY, T + 301, 300)).isFalse();
    assertThat(WebhookSignature.verify(header, "whsec_test", BODY, T - 301, 300)).isFalse();
  }

  @Test
  void verifyRejectsATimestampChangedAfterSigning() {
    String header = WebhookSignature.header("whsec_test", T, BODY).replace("t=" + T, "t=" + (T + 10));
    assertThat(WebhookSignature.verify(header, "whsec_test", BODY, T, 300)).isFalse();
  }

  @Test
  void verifyRejectsTheWrongSecretAndMalformedHeaders() {
    String header = WebhookSignature.header("whsec_test", T, BODY);
    assertThat(WebhookSignature.verify(header, "other", BODY, T, 300)).isFalse();
    assertThat(WebhookSignature.verify(null, "whsec_test", BODY, T, 300)).isFalse();
    assertThat(WebhookSignature.verify("garbage", "whsec_test", BODY, T, 300)).isFalse();
    assertThat(WebhookSignature.verify("t=abc,v1=00", "whsec_test", BODY, T, 300)).isFalse();
    assertThat(WebhookSignature.verify("t=" + T, "whsec_test", BODY, T, 300)).isFalse();
    assertThat(WebhookSignature.verify(header + ",t=" + T, "whsec_test", BODY, T, 300)).isFalse();
    assertThat(WebhookSignature.verify(header, null, BODY, T, 300)).isFalse();
  }
}
