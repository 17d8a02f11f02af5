package io.harborhaguard.policy.rules.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.InstallerNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HA-NODE-VALUES-READABLE over real installer files of several releases. */
class NodeValuesReadableRuleTest {

  private final NodeValuesReadableRule rule = new NodeValuesReadableRule();

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.1.0", "1.4.0", "1.7.0", "1.8.0", "1.10.0", "2.0.0", "2.15.0"})
  void theShippedAndHaFilesPass(String release) throws Exception {
    Path site = Files.createTempDirectory("site");
    assertThat(rule.check(InstallerNode.read(InstallerNodes.asShipped(site, "shipped", release))))
        .isEmpty();
    assertThat(rule.check(InstallerNode.read(InstallerNodes.haNode(site, "ha", release, null))))
        .isEmpty();
  }

  /**
   * An inline comment after a value is part of it for the installer's RawConfigParser. A password
   * may hold '#' on purpose, and no comment can be told from it: it is not judged, and its value is
   * never quoted back.
   */
  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.1.0", "1.4.0", "1.7.0"})
  void anInlineCommentInAHarborCfgValueIsNamed(String release) throws Exception {
    Path node =
        InstallerNodes.node(
            Files.createTempDirectory("site"),
            "n1",
            release,
            null,
            yml -> {},
            cfg ->
                cfg.replaceAll("(?m)^hostname = (.*)$", "hostname = $1 ## the load balancer")
                    .replaceAll("(?m)^db_password = .*$", "db_password = Pass-word-9 # change me"));
    var found = rule.check(InstallerNode.read(node));
    assertThat(found)
        .extracting(Violation::valuesKey)
        .contains("hostname")
        .doesNotContain("db_password");
    assertThat(found)
        .allSatisfy(
            v -> {
              assertThat(v.message() + v.remediation()).doesNotContain("Pass-word-9");
              assertThat(v.advisory()).isFalse();
            });
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.5.0", "1.7.0"})
  void anEmptyDbPortInHarborCfgIsNamed(String release) throws Exception {
    Path node =
        InstallerNodes.node(
            Files.createTempDirectory("site"),
            "n1",
            release,
            null,
            yml -> {},
            cfg -> cfg.replaceAll("(?m)^db_port = .*$", "db_port ="));
    assertThat(rule.check(InstallerNode.read(node)))
        .extracting(Violation::valuesKey)
        .containsExactly("db_port");
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.8.0", "1.10.0", "2.0.0", "2.15.0"})
  void anEmptyExternalDatabasePortIsNamed(String release) throws Exception {
    Path node =
        InstallerNodes.node(
            Files.createTempDirectory("site"),
            "n1",
            release,
            null,
            yml ->
                ((com.fasterxml.jackson.databind.node.ObjectNode)
                        yml.at("/external_database/harbor"))
                    .putNull("port"),
            cfg -> cfg);
    assertThat(rule.check(InstallerNode.read(node)))
        .extracting(Violation::valuesKey)
        .containsExactly("external_database.harbor.port");
  }
}
