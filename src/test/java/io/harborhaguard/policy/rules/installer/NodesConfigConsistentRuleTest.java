package io.harborhaguard.policy.rules.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodesConfigConsistentRuleTest {

  private final NodesConfigConsistentRule check = new NodesConfigConsistentRule();

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.7.0", "1.10.0", "2.15.0"})
  void nodesFromOneFileAgree(String release) throws Exception {
    Path site = Files.createTempDirectory("site");
    List<InstallerNode> nodes =
        List.of(
            InstallerNode.read(InstallerNodes.haNode(site, "n1", release, null)),
            InstallerNode.read(InstallerNodes.haNode(site, "n2", release, null)));
    assertThat(check.check(nodes)).isEmpty();
  }

  /** key edited on the second node -> the key the finding names. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "2.15.0, _version, 2.14.0, _version",
    "2.15.0, hostname, harbor-b.example.com, hostname",
    "2.15.0, external_database.harbor.host, other-db.example.com, external_database.harbor",
    "2.15.0, external_redis.registry_db_index, 5, external_redis",
    "2.15.0, storage_service.s3.bucket, other-bucket, storage_service",
    "1.10.0, external_url, https://node-b.example.com, external_url",
  })
  void aDifferenceIsNamedByKeyAndNode(String release, String edit, String value, String key)
      throws Exception {
    Path site = Files.createTempDirectory("site");
    List<InstallerNode> nodes =
        List.of(
            InstallerNode.read(InstallerNodes.haNode(site, "n1", release, null)),
            InstallerNode.read(
                InstallerNodes.node(
                    site, "n2", release, null, yml -> Fixtures.set(yml, edit, value), cfg -> cfg)));
    assertThat(check.check(nodes))
        .anySatisfy(
            v -> {
              assertThat(v.valuesKey()).isEqualTo(key);
              assertThat(v.message()).contains("n1").contains("n2");
            });
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.7.0"})
  void cfgNodesOnAnotherDatabaseDiffer(String release) throws Exception {
    Path site = Files.createTempDirectory("site");
    List<InstallerNode> nodes =
        List.of(
            InstallerNode.read(InstallerNodes.haNode(site, "n1", release, null)),
            InstallerNode.read(
                InstallerNodes.node(
                    site,
                    "n2",
                    release,
                    null,
                    yml -> {},
                    cfg ->
                        cfg.replace(
                            "db_host = stolon-proxy.db.example.com", "db_host = 10.0.0.9"))));
    assertThat(check.check(nodes))
        .extracting(Violation::valuesKey)
        .containsExactly("external_database.harbor");
  }
}
