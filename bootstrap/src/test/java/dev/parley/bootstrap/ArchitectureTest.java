package dev.parley.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The hexagon, stated as allow-lists and checked on every build. */
class ArchitectureTest {
  private static final JavaClasses PARLEY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.parley");

  @Test
  void the_domain_depends_only_on_itself_and_the_jdk() {
    classes().that().resideInAPackage("dev.parley.domain..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.parley.domain..", "java..")
        .check(PARLEY);
  }

  @Test
  void the_application_depends_only_on_the_domain_the_jdk_and_jakarta_inject() {
    classes().that().resideInAPackage("dev.parley.application..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("dev.parley.application..", "dev.parley.domain..", "java..", "jakarta.inject..")
        .check(PARLEY);
  }

  @Test
  void adapters_do_not_depend_on_each_other() {
    String[] adapters = {"rest", "ws", "persistence", "llm", "webhooks", "crypto", "mcp", "tracing"};
    for (String adapter : adapters) {
      String own = adapter.equals("rest") || adapter.equals("ws") ? "dev.parley.adapter.in." + adapter + ".."
          : "dev.parley.adapter.out." + adapter + "..";
      for (String other : adapters) {
        if (other.equals(adapter)) continue;
        String theirs = other.equals("rest") || other.equals("ws") ? "dev.parley.adapter.in." + other + ".."
            : "dev.parley.adapter.out." + other + "..";
        noClasses().that().resideInAPackage(own).should().dependOnClassesThat().resideInAPackage(theirs)
            .allowEmptyShould(true).check(PARLEY);
      }
    }
  }

  @Test
  void nothing_but_bootstrap_depends_on_bootstrap() {
    noClasses().that().resideOutsideOfPackage("dev.parley.bootstrap..")
        .should().dependOnClassesThat().resideInAPackage("dev.parley.bootstrap..")
        .check(PARLEY);
  }
}
