package dev.parley.adapter.out.crypto;

import dev.parley.application.port.out.StatelessState;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stateless state envelope: {@link TinkStateSealer} seal and open of a realistic state (third turn, stored
 * agent), against the physical limit, a bare JCE AES-256-GCM seal and open of the same payload and associated data
 * with a fresh random nonce (what the envelope cannot do without). The difference is Tink's wrapper, the envelope
 * layout, base64url and the state's validation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateEnvelopeBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private TinkStateSealer sealer;
  private StatelessState state;
  private String token;
  private UUID tenantId;

  private SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private Cipher cipher;
  private byte[] payload;
  private byte[] aad;
  private byte[] nonce;
  private byte[] ciphertext;

  @Setup
  public void setUp() throws Exception {
    byte[] material = new byte[StateKey.KEY_BYTES];
    random.nextBytes(material);
    StateKeyring keyring = StateKeyring.of(List.of(new StateKey("2026-11", material)), null);
    sealer = new TinkStateSealer(keyring, Duration.ofHours(24), () -> NOW);
    tenantId = UUID.randomUUID();
    state = new StatelessState(tenantId, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, 3,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", NOW.minusSeconds(30));
    token = sealer.seal(state);

    key = new SecretKeySpec(material, "AES");
    cipher = Cipher.getInstance("AES/GCM/NoPadding");
    payload = StateEnvelope.payload(state);
    byte[] header = StateEnvelope.header("2026-11", state.chatId());
    aad = StateEnvelope.associatedData(tenantId, header, header.length);
    nonce = new byte[12];
    random.nextBytes(nonce);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad);
    ciphertext = cipher.doFinal(payload);
  }

  @Benchmark
  public String seal() {
    return sealer.seal(state);
  }

  @Benchmark
  public byte[] sealBaselineJceAesGcm() throws Exception {
    byte[] iv = new byte[12];
    random.nextBytes(iv);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    return cipher.doFinal(payload);
  }

  @Benchmark
  public StatelessState open() {
    return sealer.open(token, tenantId);
  }

  @Benchmark
  public byte[] openBaselineJceAesGcm() throws Exception {
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad);
    return cipher.doFinal(ciphertext);
  }
}
