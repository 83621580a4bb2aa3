package dev.parley.bootstrap.jobs;

import dev.parley.application.usecase.tenant.EnsureDevelopmentTenant;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** Makes the development tenant answer to PARLEY_DEV_API_KEY whenever one is configured. */
@Singleton
@Requires(property = "parley.dev-api-key")
public class DevelopmentTenantInitializer {
  private final EnsureDevelopmentTenant ensure;
  private final String devKey;

  public DevelopmentTenantInitializer(EnsureDevelopmentTenant ensure, @Value("${parley.dev-api-key}") String devKey) {
    this.ensure = ensure;
    this.devKey = devKey;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (devKey != null && !devKey.isBlank()) ensure.ensure(devKey);
  }
}
