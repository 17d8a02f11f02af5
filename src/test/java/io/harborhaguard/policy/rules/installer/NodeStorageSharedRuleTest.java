package io.harborhaguard.policy.rules.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeStorageSharedRuleTest {

  private final NodeStorageSharedRule check = new NodeStorageSharedRule();

  /** Filesystem storage and file job logs cannot be seen to be shared: advisory findings. */
  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({
    "1.7.0, registry_storage_provider_name",
    "1.10.0, storage_service",
    "2.15.0, storage_service"
  })
  void filesystemStorageIsAnAdvisory(String release, String key) throws Exception {
    var node =
        InstallerNode.read(InstallerNodes.asShipped(Files.createTempDirectory("s"), "n1", release));
    List<Violation> violations = check.check(node);
    assertThat(violations).extracting(Violation::valuesKey).contains(key);
    assertThat(violations).allMatch(Violation::advisory);
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"2.10.0", "2.15.0"})
  void objectStorageAndDatabaseJobLogsPass(String release) throws Exception {
    var node =
        InstallerNode.read(
            InstallerNodes.haNode(Files.createTempDirectory("s"), "n1", release, null));
    assertThat(check.check(node)).isEmpty();
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"2.15.0"})
  void fileJobLogsAreNamed(String release) throws Exception {
    var dir =
        InstallerNodes.node(
            Files.createTempDirectory("s"),
            "n1",
            release,
            null,
            yml -> Fixtures.set(yml, "jobservice.job_loggers", List.of("STD_OUTPUT", "FILE")),
            cfg -> cfg);
    assertThat(check.check(InstallerNode.read(dir)))
        .extracting(Violation::valuesKey)
        .containsExactly("jobservice.job_loggers");
  }
}
