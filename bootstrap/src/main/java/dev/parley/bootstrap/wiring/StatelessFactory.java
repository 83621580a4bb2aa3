package dev.parley.bootstrap.wiring;

import dev.parley.adapter.out.crypto.StateKey;
import dev.parley.adapter.out.crypto.StateKeyring;
import dev.parley.adapter.out.crypto.TinkStateSealer;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.port.out.StateSealer;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.turn.SpendCapCheck;
import dev.parley.application.usecase.stateless.CompleteAgentChat;
import dev.parley.application.usecase.stateless.CompleteStatelessTurn;
import dev.parley.application.policy.InputLimits;
import dev.parley.application.policy.Limits;
import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires stateless completion (and the OpenAI-compatible facade's runs): the state sealer with its keys, and the use case. Keys come from
 * {@code parley.state.keys} (a list of {@code {id, key}}) or {@code parley.state.keyring}
 * ({@code id:base64,id:base64}, handy as one environment variable), the sealing one named by
 * {@code parley.state.primary-key-id}. With none, an ephemeral key is made and a warning says what that costs.
 */
@Factory
public class StatelessFactory {
  private static final Logger LOG = LoggerFactory.getLogger(StatelessFactory.class);

  /** The state keys from configuration, or one ephemeral key (with a warning saying what that costs). */
  @Singleton
  StateKeyring stateKeyring(List<StateKeyProperties> keys, @Nullable @Value("${parley.state.keyring:}") String keyring,
                            @Nullable @Value("${parley.state.primary-key-id:}") String primaryKeyId) {
    List<StateKey> configured = new ArrayList<>();
    for (StateKeyProperties k : keys) configured.add(StateKey.fromBase64(k.getId(), k.getKey()));
    configured.addAll(parseKeyring("parley.state.keyring", keyring));
    if (configured.isEmpty()) {
      LOG.warn("No state keys configured (parley.state.keys / PARLEY_STATE_KEYRING): stateless completion states are sealed "
          + "with an ephemeral key made at start-up. They will not survive a restart, and other instances cannot open them. "
          + "See docs/decisions/0003-stateless-state-envelope.md.");
      return StateKeyring.ephemeral();
    }
    StateKeyring ring = StateKeyring.of(configured, primaryKeyId);
    LOG.info("State envelopes sealed with key '{}'; {} key(s) accepted for opening", ring.primary().id(), ring.keys().size());
    return ring;
  }

  /** Entries {@code id:base64-key} separated by commas (handy as one environment variable). */
  static List<StateKey> parseKeyring(String property, String keyring) {
    List<StateKey> keys = new ArrayList<>();
    if (keyring == null || keyring.isBlank()) return keys;
    for (String entry : keyring.split(",")) {
      int colon = entry.indexOf(':');
      if (colon < 0) throw new IllegalArgumentException(property + " entries are id:base64-key, separated by commas");
      keys.add(StateKey.fromBase64(entry.substring(0, colon).trim(), entry.substring(colon + 1)));
    }
    return keys;
  }

  @Context // built at start-up: bad key configuration stops the server, and the ephemeral-key warning shows at once
  StateSealer stateSealer(StateKeyring ring, @Value("${parley.state.lifetime:24h}") Duration lifetime, Clock clock) {
    return new TinkStateSealer(ring, lifetime, clock);
  }

  @Singleton
  CompleteStatelessTurn completeStatelessTurn(AgentRepository agents, ChatSessionRepository sessions, SessionEffects effects,
                                              SessionFinisher finisher, AgentTurnEngine engine, LanguageModel model,
                                              OutboundUrlPolicy urls, StateSealer sealer, UnitOfWork uow, Clock clock, IdGenerator ids,
                                              Limits limits, InputLimits inputs,
                                              dev.parley.application.turn.SpendCapCheck spendCaps) {
    return new CompleteStatelessTurn(agents, sessions, effects, finisher, engine, model, urls, sealer, uow, clock, ids, limits, inputs)
        .withSpendCaps(spendCaps);
  }

  /** The OpenAI-compatible facade's runs: no chat, no state, only the usage ledger and the spend caps. */
  @Singleton
  CompleteAgentChat completeAgentChat(AgentRepository agents, AgentTurnEngine engine, SpendCapCheck spendCaps, Limits limits) {
    return new CompleteAgentChat(agents, engine, spendCaps, limits);
  }
}
