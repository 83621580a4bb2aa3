package dev.parley.bootstrap.wiring;

import dev.parley.application.port.out.ChatErasure;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.service.EraseChatsPastRetention;
import dev.parley.application.service.EraseUser;
import dev.parley.application.service.SetTenantRetention;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
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

  @Singleton
  EraseChatsPastRetention eraseChatsPastRetention(ChatErasure erasure, UnitOfWork uow, Clock clock,
                                                  @Nullable @Property(name = "parley.retention.default-days") Integer defaultDays,
                                                  @Value("${parley.retention.batch-size:500}") int batchSize) {
    return new EraseChatsPastRetention(erasure, uow, clock, defaultDays, batchSize);
  }
}
