package io.harborhaguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data flows one way: admission -> helm -> policy; consistency and jobs beside admission; cli on
 * top. The rule engine knows nothing of HTTP, JDBC or the Kubernetes client. Checked on the
 * compiled classes, so a fully qualified name in code crosses a layer no more than an import.
 */
class LayeringTest {

  private static final String BASE = "io.harborhaguard.";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.harborhaguard");

  /** package -> packages its classes must not depend on. */
  static final Map<String, List<String>> FORBIDDEN =
      Map.of(
          "policy",
          List.of(
              BASE + "admission..",
              BASE + "cli..",
              BASE + "jobs..",
              BASE + "consistency..",
              BASE + "config..",
              "io.fabric8.kubernetes.client..",
              "jakarta.ws..",
              "java.sql..",
              "io.vertx.."),
          "helm",
          List.of(
              BASE + "policy..",
              BASE + "admission..",
              BASE + "cli..",
              BASE + "jobs..",
              BASE + "consistency..",
              "io.fabric8.kubernetes.client..",
              "jakarta.ws..",
              "java.sql.."),
          "consistency",
          List.of(BASE + "admission..", BASE + "cli..", BASE + "jobs..", "jakarta.ws.."),
          "jobs",
          List.of(BASE + "admission..", BASE + "cli..", "jakarta.ws.."),
          "admission",
          List.of(BASE + "cli..", BASE + "jobs.."),
          "report",
          List.of(
              BASE + "admission..",
              BASE + "cli..",
              BASE + "jobs..",
              BASE + "consistency..",
              BASE + "config..",
              "io.fabric8.kubernetes.client..",
              "io.vertx.."),
          "installer",
          List.of(
              BASE + "admission..",
              BASE + "cli..",
              BASE + "jobs..",
              BASE + "config..",
              BASE + "report.."),
          "replication",
          List.of(
              BASE + "admission..",
              BASE + "cli..",
              BASE + "jobs..",
              BASE + "config..",
              BASE + "report..",
              "io.fabric8.kubernetes.client.."),
          "limits",
          List.of(
              BASE + "admission..",
              BASE + "cli..",
              BASE + "jobs..",
              BASE + "policy..",
              BASE + "helm..",
              BASE + "consistency..",
              BASE + "config..",
              BASE + "tls.."),
          "tls",
          List.of(
              BASE + "admission..",
              BASE + "cli..",
              BASE + "jobs..",
              BASE + "policy..",
              BASE + "helm.."));

  static Stream<String> packages() {
    return FORBIDDEN.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packages")
  void packageDoesNotReachAgainstTheFlow(String name) {
    noClasses()
        .that()
        .resideInAPackage(BASE + name + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FORBIDDEN.get(name).toArray(String[]::new))
        .check(MAIN);
  }
}
