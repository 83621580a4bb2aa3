package dev.parley.adapter.out.persistence;

import java.sql.SQLException;

/** An SQL failure, unchecked so it rolls the surrounding transaction back. */
public final class DataAccessFailure extends RuntimeException {
  public DataAccessFailure(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
