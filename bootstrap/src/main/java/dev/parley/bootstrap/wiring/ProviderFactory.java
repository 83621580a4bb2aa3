package dev.parley.bootstrap.wiring;

import dev.parley.adapter.out.crypto.StateKey;
import dev.parley.adapter.out.crypto.StateKeyring;
import dev.parley.adapter.out.crypto.TinkSecretSealer;
import dev.parley.adapter.out.llm.OpenAiSettings;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.port.out.ProviderConnectionRepository;
import dev.parley.application.port.out.SecretSealer;
import dev.parley.application.usecase.provider.CreateProviderConnection;
import dev.parley.application.usecase.provider.DeleteProviderConnection;
import dev.parley.application.usecase.provider.GetProviderConnection;
import dev.parley.application.turn.ModelRoutes;
import dev.parley.application.usecase.provider.UpdateProviderConnection;
import dev.parley.application.port.out.UsageLedger;
import dev.parley.application.turn.RecordModelUsage;
import dev.parley.bootstrap.observability.TokenCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires provider connections: the sealer of their secrets, the built-in {@code openai} connection made of the
 * server-wide settings, and the use cases. Secret keys come from {@code parley.secrets.keyring}
 * ({@code id:base64,...}, the sealing one named by {@code parley.secrets.primary-key-id}); without them they are
 * derived from the state keys.
 */
@Factory
public class ProviderFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderFactory.class);

  @Singleton
  SecretSealer secretSealer(StateKeyring stateKeys, @Nullable @Value("${parley.secrets.keyring:}") String keyring,
                            @Nullable @Value("${parley.secrets.primary-key-id:}") String primaryKeyId) {
    List<StateKey> configured = StatelessFactory.parseKeyring("parley.secrets.keyring", keyring);
    if (!configured.isEmpty()) return new TinkSecretSealer(StateKeyring.of(configured, primaryKeyId));
    if (stateKeys.isEphemeral())
      LOG.warn("No secret or state keys configured: provider connections' secrets are sealed with an ephemeral key and "
          + "cannot be read after a restart. Set parley.secrets.keyring (or parley.state.keyring).");
    return new TinkSecretSealer(TinkSecretSealer.derivedFrom(stateKeys));
  }

  @Singleton
  ModelRoutes modelRoutes(ProviderConnectionRepository connections, OpenAiSettings openAi) {
    return new ModelRoutes(connections, ModelRoutes.builtInOpenAi(openAi.baseUrl(), openAi.apiKey(), openAi.defaultModel(),
        openAi.maxRetries()));
  }

  /** Spend caps: agents' own (per chat, per agent per day) and tenants' (per day), summed from the usage ledger. */
  @Singleton
  dev.parley.application.turn.SpendCapCheck spendCapCheck(UsageLedger ledger,
      dev.parley.application.port.out.TenantSpendCaps tenants, dev.parley.application.port.out.ActivityLog activity, Clock clock) {
    return new dev.parley.application.turn.SpendCapCheck(ledger, tenants, activity, clock);
  }

  @Singleton
  dev.parley.application.usecase.tenant.SetTenantSpendCaps setTenantSpendCaps(
      dev.parley.application.port.out.TenantSpendCaps tenants) {
    return new dev.parley.application.usecase.tenant.SetTenantSpendCaps(tenants);
  }

  @Singleton
  RecordModelUsage recordModelUsage(UsageLedger ledger, MeterRegistry registry, Clock clock) {
    return new RecordModelUsage(ledger, new TokenCounters(registry), clock);
  }

  @Singleton
  dev.parley.application.usecase.usage.GetUsage getUsage(UsageLedger ledger,
                                                         dev.parley.application.port.out.TenantCurrency currencies) {
    return new dev.parley.application.usecase.usage.GetUsage(ledger, currencies);
  }

  @Singleton
  dev.parley.application.usecase.tenant.SetTenantCurrency setTenantCurrency(
      dev.parley.application.port.out.TenantCurrency currencies) {
    return new dev.parley.application.usecase.tenant.SetTenantCurrency(currencies);
  }

  @Singleton
  CreateProviderConnection createProviderConnection(ProviderConnectionRepository connections, OutboundUrlPolicy urls,
                                                    Clock clock, IdGenerator ids) {
    return new CreateProviderConnection(connections, urls, clock, ids);
  }

  @Singleton
  GetProviderConnection getProviderConnection(ProviderConnectionRepository connections) {
    return new GetProviderConnection(connections);
  }

  @Singleton
  UpdateProviderConnection updateProviderConnection(ProviderConnectionRepository connections, OutboundUrlPolicy urls, Clock clock) {
    return new UpdateProviderConnection(connections, urls, clock);
  }

  @Singleton
  DeleteProviderConnection deleteProviderConnection(ProviderConnectionRepository connections) {
    return new DeleteProviderConnection(connections);
  }
}
