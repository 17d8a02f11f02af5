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
      Map.ofEntries(
          Map.entry(
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
                  "io.vertx..")),
          Map.entry(
              "helm",
              List.of(
                  BASE + "policy..",
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  BASE + "consistency..",
                  "io.fabric8.kubernetes.client..",
                  "jakarta.ws..",
                  "java.sql..")),
          Map.entry(
              "consistency",
              List.of(BASE + "admission..", BASE + "cli..", BASE + "jobs..", "jakarta.ws..")),
          Map.entry("jobs", List.of(BASE + "admission..", BASE + "cli..", "jakarta.ws..")),
          Map.entry("admission", List.of(BASE + "cli..", BASE + "jobs..")),
          Map.entry(
              "report",
              List.of(
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  BASE + "consistency..",
                  BASE + "config..",
                  "io.fabric8.kubernetes.client..",
                  "io.vertx..")),
          Map.entry(
              "installer",
              List.of(
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  BASE + "config..",
                  BASE + "report..")),
          Map.entry(
              "replication",
              List.of(
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  BASE + "config..",
                  BASE + "report..",
                  "io.fabric8.kubernetes.client..")),
          Map.entry(
              "limits",
              List.of(
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  BASE + "policy..",
                  BASE + "helm..",
                  BASE + "consistency..",
                  BASE + "config..",
                  BASE + "tls..")),
          Map.entry(
              "tls",
              List.of(
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  BASE + "policy..",
                  BASE + "helm..")),
          Map.entry(
              "lint",
              List.of(
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  "jakarta.ws..",
                  "io.fabric8.kubernetes.client..")),
          Map.entry(
              "text",
              List.of(
                  BASE + "admission..",
                  BASE + "cli..",
                  BASE + "jobs..",
                  BASE + "lint..",
                  BASE + "policy..",
                  BASE + "helm..",
                  BASE + "installer..",
                  BASE + "replication..",
                  BASE + "config..")));

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
