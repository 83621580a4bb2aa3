package dev.parley.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.RepositoryFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/kubernetes/parley.yaml stays consistent with the server: probes, secrets, shutdown timing. */
class DeploymentManifestTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @Test
  void three_replicas_probe_the_health_endpoints_and_read_credentials_from_a_secret() {
    List<Map<String, Object>> docs = new ArrayList<>();
    new Yaml().loadAll(RepositoryFiles.read("deploy/kubernetes/parley.yaml")).forEach(d -> docs.add(map(d)));
    assertThat(docs).extracting(d -> d.get("kind")).contains("Deployment", "Service");
    Map<String, Object> deployment = docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> spec = map(deployment.get("spec"));
    assertThat(spec.get("replicas")).isEqualTo(3);
    Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
    Map<String, Object> container = map(list(pod.get("containers")).get(0));

    assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/health/readiness");
    assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/health/liveness");

    Map<String, String> secretRefs = new java.util.TreeMap<>();
    for (Object e : list(container.get("env"))) {
      Map<String, Object> env = map(e);
      if (env.get("valueFrom") instanceof Map<?, ?> from && map(from).get("secretKeyRef") instanceof Map<?, ?> ref)
        secretRefs.put((String) env.get("name"), (String) map(ref).get("key"));
    }
    assertThat(secretRefs).containsKeys("PARLEY_ADMIN_KEY", "DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME",
        "DATASOURCES_DEFAULT_PASSWORD");

    // The kubelet must not kill the container before the server's grace period (plus the preStop pause) is over.
    String grace = String.valueOf(ConfigurationReferenceTest.applicationYml().get("micronaut.lifecycle.graceful-shutdown.grace-period"));
    String seconds = grace.replaceAll("^\\$\\{[A-Z_]+:(.*)}$", "$1");
    Duration gracePeriod = Duration.parse("PT" + seconds.toUpperCase());
    int terminationGrace = (Integer) pod.get("terminationGracePeriodSeconds");
    assertThat(Duration.ofSeconds(terminationGrace)).isGreaterThan(gracePeriod.plusSeconds(5));
  }
}
