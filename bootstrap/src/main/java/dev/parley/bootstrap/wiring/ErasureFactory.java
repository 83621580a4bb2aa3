package dev.parley.bootstrap.wiring;

import dev.parley.application.port.out.ChatErasure;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.usecase.erasure.EraseChatsPastRetention;
import dev.parley.application.usecase.erasure.EraseUser;
import dev.parley.application.usecase.tenant.SetTenantRetention;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The use cases of erasure beyond one chat: a whole end user, and the retention sweep. */
@Factory
public class ErasureFactory {

  @Singleton
  EraseUser eraseUser(ChatErasure erasure, UnitOfWork uow, Clock clock, IdGenerator ids) {
    return new EraseUser(erasure, uow, clock, ids);
  }

  @Singleton
  SetTenantRetention setTenantRetention(TenantRepository tenants) {
    return new SetTenantRetention(tenants);
  }

  /** {@code parley.retention.default-days}: for tenants without a period of their own; 0 (the default): kept forever. */
  @Singleton
  EraseChatsPastRetention eraseChatsPastRetention(ChatErasure erasure, UnitOfWork uow, Clock clock,
                                                  @Value("${parley.retention.default-days:0}") int defaultDays,
                                                  @Value("${parley.retention.batch-size:500}") int batchSize) {
    return new EraseChatsPastRetention(erasure, uow, clock, defaultDays == 0 ? null : defaultDays, batchSize);
  }
}
