package dev.parley.adapter.out.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured state keys: one primary that seals new envelopes, and older ones still accepted for opening,
 * so a key can be rotated without breaking conversations in flight. Without configured keys the server runs on
 * one ephemeral key made at start-up: its states die with the process and are not understood by other instances.
 */
public final class StateKeyring {
  private final Map<String, StateKey> keys;
  private final StateKey primary;
  private final boolean ephemeral;

  private StateKeyring(Map<String, StateKey> keys, StateKey primary, boolean ephemeral) {
    this.keys = keys;
    this.primary = primary;
    this.ephemeral = ephemeral;
  }

  /**
   * A keyring from configuration. {@code primaryId} may be left out when there is exactly one key.
   *
   * @throws IllegalArgumentException for duplicate ids, a missing or unknown primary, or an empty list
   */
  public static StateKeyring of(List<StateKey> configured, String primaryId) {
    if (configured == null || configured.isEmpty()) throw new IllegalArgumentException("no state keys configured");
    Map<String, StateKey> byId = new LinkedHashMap<>();
    for (StateKey key : configured) {
      if (byId.put(key.id(), key) != null) throw new IllegalArgumentException("state key id '" + key.id() + "' is configured twice");
    }
    String wanted = primaryId == null || primaryId.isBlank() ? null : primaryId.trim();
    if (wanted == null) {
      if (byId.size() > 1)
        throw new IllegalArgumentException("several state keys are configured: set parley.state.primary-key-id to the one that seals");
      wanted = configured.get(0).id();
    }
    StateKey primary = byId.get(wanted);
    if (primary == null) throw new IllegalArgumentException("parley.state.primary-key-id '" + wanted + "' names no configured key");
    return new StateKeyring(Map.copyOf(byId), primary, false);
  }

  /** One random key for this process only. */
  public static StateKeyring ephemeral() {
    SecureRandom random = new SecureRandom();
    byte[] material = new byte[StateKey.KEY_BYTES];
    random.nextBytes(material);
    byte[] suffix = new byte[4];
    random.nextBytes(suffix);
    StateKey key = new StateKey("ephemeral-" + HexFormat.of().formatHex(suffix), material);
    return new StateKeyring(Map.of(key.id(), key), key, true);
  }

  public StateKey primary() {
    return primary;
  }

  public Map<String, StateKey> keys() {
    return keys;
  }

  public boolean isEphemeral() {
    return ephemeral;
  }
}
