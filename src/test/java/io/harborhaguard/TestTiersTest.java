package io.harborhaguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The test tiers by class name (CONTRIBUTING.md): {@code *Test} boots no Quarkus and starts no
 * server, so {@code ./mvnw test} runs alone; {@code *PackagedIT} carries the tag the packaged
 * tier's failsafe execution selects, so {@code -Dit.test} picks a class in one tier only.
 */
class TestTiersTest {

  private static final JavaClasses TESTS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
          .importPackages("io.harborhaguard");

  @Test
  void fastTestsBootNoQuarkus() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Test")
        .should()
        .beAnnotatedWith("io.quarkus.test.junit.QuarkusTest")
        .orShould()
        .beAnnotatedWith("io.quarkus.test.junit.main.QuarkusMainTest")
        .orShould()
        .beAnnotatedWith("io.quarkus.test.junit.QuarkusIntegrationTest")
        .because("a class that boots Quarkus is an *IT")
        .check(TESTS);
  }

  @Test
  void fastTestsStartNoServer() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Test")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.harborhaguard.testing.RealServers")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.harborhaguard.testing.Postgres15")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.harborhaguard.testing.RealPostgres")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.harborhaguard.testing.RecordingServer")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.harborhaguard.e2e.ApiServerStandIn")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.harborhaguard.e2e.GuardProcess")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.sun.net.httpserver..",
            "io.vertx.core..",
            "io.zonky..",
            "io.fabric8.kubernetes.client.server.mock..",
            "io.quarkus.test.kubernetes.client..")
        .because("a class that starts a server is an *IT")
        .check(TESTS);
  }

  @Test
  void packagedTestsAndOnlyTheyCarryThePackagedTag() throws ClassNotFoundException {
    List<String> packaged = new ArrayList<>();
    for (JavaClass type : TESTS) {
      if (type.isTopLevelClass()) {
        Tag tag =
            Class.forName(type.getName(), false, getClass().getClassLoader())
                .getAnnotation(Tag.class);
        boolean tagged = tag != null && tag.value().equals("packaged");
        assertThat(tagged)
            .as(type.getName() + ": @Tag(\"packaged\") exactly when named *PackagedIT")
            .isEqualTo(type.getSimpleName().endsWith("PackagedIT"));
        if (tagged) {
          packaged.add(type.getSimpleName());
        }
      }
    }
    assertThat(packaged).as("the packaged tier").contains("LintPackagedIT");
  }
}
