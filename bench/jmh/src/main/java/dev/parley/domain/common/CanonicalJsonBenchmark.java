package dev.parley.domain.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link CanonicalJson} of a typical additional-data map (what integrators send: ids, a locale, a nested order, a
 * list, a flag, numbers) against Jackson's {@code ObjectMapper} writing the same map with its keys sorted — the same
 * output for this map, from a mature streaming writer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CanonicalJsonBenchmark {
  private Map<String, Object> additionalData;
  private ObjectMapper jackson;

  @Setup
  public void setUp() throws Exception {
    additionalData = new LinkedHashMap<>();
    additionalData.put("customer_id", "C-102938");
    additionalData.put("customer_name", "Jana Novák");
    additionalData.put("locale", "de-DE");
    additionalData.put("plan", "gold");
    additionalData.put("open_orders", 2);
    additionalData.put("lifetime_value", 1234.5);
    additionalData.put("consent_marketing", true);
    additionalData.put("tags", List.of("vip", "returning"));
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("id", "4711-0815");
    order.put("items", 3);
    order.put("total", 129.9);
    order.put("shipped", true);
    additionalData.put("last_order", order);
    jackson = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    String ours = CanonicalJson.write(additionalData), theirs = jackson.writeValueAsString(additionalData);
    if (!ours.equals(theirs)) throw new IllegalStateException("not the same output, not a fair baseline:\n" + ours + "\n" + theirs);
  }

  @Benchmark
  public String canonicalJson() {
    return CanonicalJson.write(additionalData);
  }

  @Benchmark
  public String canonicalJsonBaselineJackson() throws Exception {
    return jackson.writeValueAsString(additionalData);
  }
}
