package dev.parley.adapter.out.persistence;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.UUID;

/** Micronaut Data repository of tenant rows (queries generated at compile time). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TenantRows extends CrudRepository<TenantRow, UUID> {
  void updateDefaultAgentId(@io.micronaut.data.annotation.Id UUID id, UUID defaultAgentId);
}
