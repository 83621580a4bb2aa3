package dev.parley.adapter.out.persistence;

import io.micronaut.data.exceptions.DataAccessException;
import java.sql.SQLException;

/**
 * An SQL failure, unchecked so it rolls the surrounding transaction back. A Micronaut Data
 * {@link DataAccessException}, so the REST adapter maps it (503 when the database is unreachable) without knowing
 * this adapter.
 */
public final class DataAccessFailure extends DataAccessException {
  public DataAccessFailure(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
