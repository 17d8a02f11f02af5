package io.harborhaguard;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every package of the application, with the packages it may use. Data flows one way: admission ->
 * helm -> policy, where helm is the release record ({@code helm.release}), what the chart versions
 * have ({@code helm.chart}) and the values the rules judge ({@code helm.values}, made from a record
 * or from manifests); hagroup and jobs beside admission; cli holds the commands and sits on top,
 * the only writer of reports with the lint pipeline and the audit page (page); limits, tls, config
 * and the chart's knowledge are leaves. The rule engine knows nothing of HTTP, JDBC or the
 * Kubernetes client. Checked on the compiled classes, so a fully qualified name in code crosses a
 * layer no more than an import.
 */
class LayeringTest {

  private static final String BASE = "io.harborhaguard.";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.harborhaguard");

  /** Every package above the leaves; a helm layer named alone is all three of its packages. */
  private static final Set<String> HELM = Set.of("helm.chart", "helm.release", "helm.values");

  /**
   * Package (with its subpackages) -> the packages of the application its classes may use besides
   * its own. A package not listed here fails {@link #everyPackageHasARow}.
   */
  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("limits", Set.of()),
          Map.entry("tls", Set.of()),
          Map.entry("config", Set.of()),
          // one-line messages shared by the readers of inputs
          Map.entry("text", Set.of()),
          Map.entry("helm.chart", Set.of()),
          // the decoder's producer reads its bounds from the configuration
          Map.entry("helm.release", Set.of("limits", "config")),
          Map.entry("helm.values", Set.of("helm.chart", "helm.release")),
          // node and pair checks judge what installer and replication read
          Map.entry(
              "policy",
              Set.of("helm.chart", "helm.values", "limits", "config", "installer", "replication")),
          // the one way a value of an input enters a message (policy.Echo)
          Map.entry("replication", Set.of("policy", "text")),
          Map.entry("installer", Set.of("hagroup", "tls", "text")),
          Map.entry("report", Set.of("policy")),
          Map.entry("hagroup", Set.of("helm.chart", "helm.values", "limits", "config")),
          Map.entry("admission", with(HELM, "policy", "hagroup", "limits", "config", "tls")),
          Map.entry(
              "jobs", with(HELM, "policy", "hagroup", "limits", "config", "tls", "installer")),
          Map.entry(
              "lint", with(HELM, "policy", "report", "limits", "config", "text", "installer")),
          // the audit page: what the scan judged, written by the report's HTML writer
          Map.entry("page", Set.of("jobs", "report", "policy", "config")),
          Map.entry(
              "cli",
              with(
                  HELM,
                  "admission",
                  "jobs",
                  "page",
                  "lint",
                  "policy",
                  "report",
                  "hagroup",
                  "installer",
                  "replication",
                  "limits",
                  "config",
                  "tls",
                  "text")));

  /** Libraries a package must not use, whatever its place. */
  static final Map<String, List<String>> FORBIDDEN_LIBRARIES =
      Map.of(
          "policy",
          List.of("io.fabric8.kubernetes.client..", "jakarta.ws..", "java.sql..", "io.vertx.."),
          "helm",
          List.of("io.fabric8.kubernetes.client..", "jakarta.ws..", "java.sql..", "io.vertx.."),
          "hagroup",
          List.of("jakarta.ws.."),
          "jobs",
          List.of("jakarta.ws.."),
          "report",
          List.of("io.fabric8.kubernetes.client..", "io.vertx.."),
          "replication",
          List.of("io.fabric8.kubernetes.client.."),
          "tls",
          List.of("io.fabric8..", "io.vertx..", "io.quarkus.tls..", "jakarta.enterprise.."),
          "limits",
          List.of("io.fabric8..", "io.vertx..", "io.quarkus.."));

  private static Set<String> with(Set<String> packages, String... more) {
    Set<String> all = new TreeSet<>(packages);
    all.addAll(List.of(more));
    return all;
  }

  static Stream<String> packages() {
    return ALLOWED.keySet().stream().sorted();
  }

  static Stream<String> restricted() {
    return FORBIDDEN_LIBRARIES.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packages")
  void packageUsesOnlyWhatItsRowAllows(String name) {
    String[] allowed =
        Stream.concat(Stream.of(name), ALLOWED.get(name).stream())
            .map(p -> BASE + p + "..")
            .toArray(String[]::new);
    classes()
        .that()
        .resideInAPackage(BASE + name + "..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage(BASE.substring(0, BASE.length() - 1) + "..")
                .or(resideInAnyPackage(allowed)))
        .allowEmptyShould(true)
        .check(MAIN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("restricted")
  void packageKeepsOutOfItsForbiddenLibraries(String name) {
    noClasses()
        .that()
        .resideInAPackage(BASE + name + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FORBIDDEN_LIBRARIES.get(name).toArray(String[]::new))
        .check(MAIN);
  }

  @Test
  void everyPackageHasARow() {
    Set<String> unplaced = new TreeSet<>();
    for (JavaClass type : MAIN) {
      String name = type.getPackageName();
      if (name.startsWith(BASE)) {
        String relative = name.substring(BASE.length());
        boolean placed =
            ALLOWED.keySet().stream()
                .anyMatch(row -> relative.equals(row) || relative.startsWith(row + "."));
        if (!placed) {
          unplaced.add(relative);
        }
      }
    }
    assertThat(unplaced).as("packages without a row in ALLOWED").isEmpty();
  }

  /** Commands are written with picocli; no other package knows it. */
  @Test
  void onlyCliUsesPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage(BASE + "cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(MAIN);
  }

  /**
   * The rules, the record decoder and the group store take their settings as arguments; only the
   * producers beside them read the service's configuration.
   */
  @Test
  void librariesReadTheConfigurationOnlyInTheirProducers() {
    noClasses()
        .that()
        .resideInAnyPackage(BASE + "helm..", BASE + "policy..", BASE + "hagroup..")
        .and()
        .haveNameNotMatching(".*\\.\\w*Producer(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + "config..")
        .check(MAIN);
  }
}
