package dev.parley.adapter.out.persistence;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached right now (down, restarting, unreachable, pool timed out) from every
 * other database error, by the cause chain: JDBC's connection exception classes, the SQL states of class 08
 * (connection exception), 57P01-57P03 (shut down, crashed, cannot connect now), 53300 (too many connections), and
 * socket failures under the driver.
 */
public final class DatabaseFailures {
  private DatabaseFailures() {}

  public static boolean isUnavailable(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException) return true;
      if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) return true;
      if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof EOFException
          || t instanceof SocketException) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }

  static boolean unavailableState(String state) {
    if (state == null) return false;
    return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
        || state.equals("53300");
  }
}
