package dev.parley.bootstrap.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Looks for a piece of text anywhere in a database: every column of every table the catalogue lists, each row read
 * as text ({@code t::text}: jsonb, arrays and bytea included). Tables are enumerated from information_schema at scan
 * time, so a table added by a later migration is covered without touching the tests that use this.
 */
public final class AtRestScan {
  private AtRestScan() {}

  /** Where the text was found: the table and the row as PostgreSQL prints it. */
  public record Hit(String table, String row) {}

  /** What a scan looked at and found. */
  public record Result(List<String> tables, List<Hit> hits) {}

  public static Result find(Sql db, String needle) {
    List<String> tables = db.strings("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables "
        + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
    List<Hit> hits = new ArrayList<>();
    for (String table : tables)
      for (String row : db.strings("SELECT t::text FROM " + table + " t WHERE strpos(t::text, ?) > 0", needle))
        hits.add(new Hit(table, row));
    return new Result(tables, hits);
  }
}
