package dev.parley.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.RepositoryFiles;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keeps the path to a distributed PostgreSQL (Citus) open as the schema grows: on the migrated schema, every
 * primary key and unique index starts with {@code tenant_id}, so every table can be distributed and co-located by
 * tenant. The exceptions are the reference tables and work queues that docs/scaling.md lists (its table under
 * "Beyond one PostgreSQL"); the list must name only tables and indexes that exist, so it cannot go stale either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantFirstKeysTest {
  private TestDatabase.Database database;
  private Sql db;

  @BeforeAll
  void migrate() {
    database = TestDatabase.create();
    db = database.sql();
    Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration").load().migrate();
  }

  @AfterAll
  void drop() {
    if (database != null) TestDatabase.drop(database);
  }

  /** The names in the first column of docs/scaling.md's exceptions table (a table, or a table's index). */
  static Set<String> documentedExceptions() {
    String doc = RepositoryFiles.read("docs/scaling.md");
    String section = doc.substring(doc.indexOf("## Beyond one PostgreSQL"));
    Set<String> names = new LinkedHashSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9_]+)`").matcher(section);
    while (row.find()) names.add(row.group(1));
    return names;
  }

  private List<Map<String, Object>> uniqueKeys() {
    return db.rows("""
        SELECT t.relname AS table_name, i.relname AS index_name, a.attname AS first_column, x.indisprimary AS is_primary
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
        WHERE n.nspname = current_schema() AND (x.indisunique OR x.indisprimary) AND t.relname <> 'flyway_schema_history'
        ORDER BY 1, 2""");
  }

  @Test
  void every_primary_and_unique_key_starts_with_tenant_id_except_the_documented_ones() {
    Set<String> exceptions = documentedExceptions();
    List<String> offending = uniqueKeys().stream()
        .filter(k -> !"tenant_id".equals(k.get("first_column")))
        .filter(k -> !exceptions.contains((String) k.get("table_name")) && !exceptions.contains((String) k.get("index_name")))
        .map(k -> k.get("table_name") + "." + k.get("index_name") + " (starts with " + k.get("first_column") + ")")
        .toList();
    assertThat(uniqueKeys()).as("unique keys found").isNotEmpty();
    assertThat(offending).as("keys that do not start with tenant_id and are not listed in docs/scaling.md").isEmpty();
  }

  @Test
  void the_documented_exceptions_name_existing_tables_and_indexes() {
    Set<String> exceptions = documentedExceptions();
    assertThat(exceptions).as("exceptions parsed from docs/scaling.md").contains("tenants");
    List<String> existing = db.strings("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'p')");
    assertThat(existing).as("tables and indexes in the schema").containsAll(exceptions);
  }

  /** The check itself can fail: a key that does not start with tenant_id is found. */
  @Test
  void a_key_not_starting_with_tenant_id_is_reported() {
    db.update("CREATE TABLE tenant_first_probe (tenant_id uuid NOT NULL, code text NOT NULL, PRIMARY KEY (code, tenant_id))");
    try {
      assertThat(uniqueKeys()).anySatisfy(k -> {
        assertThat(k.get("table_name")).isEqualTo("tenant_first_probe");
        assertThat(k.get("first_column")).isEqualTo("code");
      });
      assertThat(documentedExceptions()).doesNotContain("tenant_first_probe", "tenant_first_probe_pkey");
    } finally {
      db.update("DROP TABLE tenant_first_probe");
    }
  }
}
