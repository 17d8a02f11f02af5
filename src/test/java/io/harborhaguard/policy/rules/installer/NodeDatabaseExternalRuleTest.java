package io.harborhaguard.policy.rules.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.InstallerNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeDatabaseExternalRuleTest {

  private final NodeDatabaseExternalRule check = new NodeDatabaseExternalRule();

  /** As shipped every release's installer uses its bundled database. */
  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({
    "1.1.0, db_host",
    "1.7.0, db_host",
    "1.10.0, external_database",
    "2.15.0, external_database"
  })
  void theBundledDatabaseIsRefused(String release, String key) throws Exception {
    Path dir = InstallerNodes.asShipped(Files.createTempDirectory("site"), "n1", release);
    assertThat(check.check(InstallerNode.read(dir)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.valuesKey()).isEqualTo(key);
              assertThat(v.advisory()).isFalse();
            });
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.7.0", "1.9.0", "2.0.0", "2.15.0"})
  void anExternalDatabasePasses(String release) throws Exception {
    Path node = InstallerNodes.haNode(Files.createTempDirectory("site"), "n1", release, null);
    assertThat(check.check(InstallerNode.read(node))).isEmpty();
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.10.0", "2.15.0"})
  void anUnstatedSslModeIsNamed(String release) throws Exception {
    Path node =
        InstallerNodes.node(
            Files.createTempDirectory("site"),
            "n1",
            release,
            null,
            yml -> ((ObjectNode) yml.at("/external_database/harbor")).remove("ssl_mode"),
            cfg -> cfg);
    assertThat(check.check(InstallerNode.read(node)))
        .extracting(Violation::valuesKey)
        .containsExactly("external_database.harbor.ssl_mode");
  }
}
