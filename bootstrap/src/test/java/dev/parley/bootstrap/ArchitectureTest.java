package dev.parley.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.parley.domain.session.ChatSession;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hexagon, stated as allow-lists and checked on every build. */
class ArchitectureTest {
  private static final JavaClasses PARLEY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("-tests.jar")) // the application's test jar (in-memory ports)
      .importPackages("dev.parley");

  @Test
  void the_domain_depends_only_on_itself_and_the_jdk() {
    classes().that().resideInAPackage("dev.parley.domain..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.parley.domain..", "java..")
        .allowEmptyShould(false).check(PARLEY);
  }

  @Test
  void the_application_depends_only_on_the_domain_the_jdk_and_jakarta_inject() {
    classes().that().resideInAPackage("dev.parley.application..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("dev.parley.application..", "dev.parley.domain..", "java..", "jakarta.inject..")
        .allowEmptyShould(false).check(PARLEY);
  }

  @Test
  void adapters_do_not_depend_on_each_other() {
    String[] adapters = {"rest", "ws", "persistence", "llm", "webhooks", "crypto", "limits", "mcp", "tracing"};
    for (String adapter : adapters) {
      String own = adapter.equals("rest") || adapter.equals("ws") ? "dev.parley.adapter.in." + adapter + ".."
          : "dev.parley.adapter.out." + adapter + "..";
      for (String other : adapters) {
        if (other.equals(adapter)) continue;
        String theirs = other.equals("rest") || other.equals("ws") ? "dev.parley.adapter.in." + other + ".."
            : "dev.parley.adapter.out." + other + "..";
        noClasses().that().resideInAPackage(own).should().dependOnClassesThat().resideInAPackage(theirs)
            .allowEmptyShould(false).check(PARLEY);
      }
    }
  }

  @Test
  void the_benchmark_baselines_are_not_on_the_shipped_class_path() {
    // bench/bare-endpoints is put beside the shipped jar by bench/run only; no shipped module may depend on it
    assertThatThrownBy(() -> Class.forName("dev.parley.bench.BenchEchoController"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(PARLEY.stream().filter(c -> c.getPackageName().startsWith("dev.parley.bench"))).isEmpty();
    assertThat(PARLEY.stream().filter(c -> c.getPackageName().startsWith("dev.parley.bootstrap"))).isNotEmpty();
  }

  @Test
  void nothing_but_bootstrap_depends_on_bootstrap() {
    noClasses().that().resideOutsideOfPackage("dev.parley.bootstrap..")
        .should().dependOnClassesThat().resideInAPackage("dev.parley.bootstrap..")
        .allowEmptyShould(false).check(PARLEY);
  }

  @Test
  void adapters_reach_use_cases_only_through_inbound_ports() {
    noClasses().that().resideInAPackage("dev.parley.adapter..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.parley.application.usecase..",
            "dev.parley.application.turn..", "dev.parley.application.event..")
        .allowEmptyShould(false).check(PARLEY);
  }

  /**
   * Adapters see the application through ports, its errors and its policies only. Besides those, {@code tool} and
   * {@code tracing} hold outbound ports that live beside their application helpers ({@code McpTools},
   * {@code TurnTracer}, {@code MessageTracer}, {@code TraceHeaders}): adapters-mcp and adapters-tracing implement
   * them and the inbound adapters carry trace context through them.
   */
  @Test
  void adapters_depend_on_the_application_only_through_ports_errors_and_policies() {
    classes().that().resideInAPackage("dev.parley.adapter..")
        .should().onlyDependOnClassesThat(DescribedPredicate.describe("are outside the application or in its port, error, "
            + "policy, tool or tracing packages", c -> !c.getPackageName().startsWith("dev.parley.application")
            || ALLOWED_FOR_ADAPTERS.stream().anyMatch(p -> c.getPackageName().equals(p)
                || c.getPackageName().startsWith(p + "."))))
        .allowEmptyShould(false).check(PARLEY);
  }

  private static final Set<String> ALLOWED_FOR_ADAPTERS = Set.of("dev.parley.application.port",
      "dev.parley.application.error", "dev.parley.application.policy", "dev.parley.application.tool",
      "dev.parley.application.tracing");

  @Test
  void every_use_case_implements_an_inbound_port() {
    classes().that().resideInAPackage("dev.parley.application.usecase..").and().areTopLevelClasses()
        .and(HAVE_A_PUBLIC_CONSTRUCTOR)
        .should().implement(JavaClass.Predicates.resideInAPackage("dev.parley.application.port.in"))
        .allowEmptyShould(false).check(PARLEY);
  }

  /** The REST adapter and the vendor socket ask use cases; they never read or write storage themselves. */
  @Test
  void the_rest_adapter_and_the_vendor_socket_call_no_storage_port() {
    noClasses().that().resideInAnyPackage("dev.parley.adapter.in.rest..", "dev.parley.adapter.in.ws.vendor..")
        .should().callMethodWhere(A_STORAGE_PORT_METHOD)
        .allowEmptyShould(false).check(PARLEY);
  }

  private static final Set<String> STORAGE_PORTS = Set.of("ActivityLog", "WebhookOutbox", "TurnRecords", "ChatErasure",
      "UnitOfWork");

  private static final DescribedPredicate<JavaMethodCall> A_STORAGE_PORT_METHOD =
      DescribedPredicate.describe("a method of a storage port (repositories, stores, logs, the outbox, the unit of work)",
          call -> {
            JavaClass owner = call.getTargetOwner();
            String name = owner.getSimpleName();
            return owner.getPackageName().equals("dev.parley.application.port.out") && owner.isInterface()
                && (name.endsWith("Repository") || name.endsWith("Store") || STORAGE_PORTS.contains(name));
          });

  /** The domain knows no spelling of its closed sets: the adapters and the application's WireNames own those. */
  @Test
  void the_domain_has_no_wire_names() {
    noMethods().that().areDeclaredInClassesThat().resideInAPackage("dev.parley.domain..")
        .should().haveName("wireName").orShould().haveName("fromWireName")
        .allowEmptyShould(false).check(PARLEY);
  }

  /** Which messages are unsaved, and marking them saved, is a repository's business, never a use case's. */
  @Test
  void only_repositories_reach_a_sessions_persistence_bookkeeping() {
    noClasses().that().resideOutsideOfPackages("dev.parley.adapter.out.persistence..", "dev.parley.domain.session..")
        .should().dependOnClassesThat().belongToAnyOf(ChatSession.Persistence.class)
        .orShould().callMethod(ChatSession.class, "persistence", ChatSession.class)
        .allowEmptyShould(false).check(PARLEY);
  }

  private static final DescribedPredicate<JavaClass> HAVE_A_PUBLIC_CONSTRUCTOR =
      DescribedPredicate.describe("have a public constructor",
          c -> c.getConstructors().stream().anyMatch(k -> k.getModifiers().contains(JavaModifier.PUBLIC)));
}
