package io.harborhaguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harborhaguard.testing.LogCapture;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every {@code harbor-ha-guard.*} key docs/configuration.md documents is one the guard accepts. */
public class GuardConfigTest {

  private static final Map<String, String> SAMPLES =
      Map.ofEntries(
          Map.entry("harbor-ha-guard.mode.\"HA-REPLICAS\"", "warn"),
          Map.entry("harbor-ha-guard.min-replicas", "3"),
          Map.entry("harbor-ha-guard.shared-storage-classes", "cephfs,nfs"),
          Map.entry("harbor-ha-guard.database-max-connections.\"pg.example\"", "200"),
          Map.entry("harbor-ha-guard.max-release-bytes", "1048576"),
          Map.entry("harbor-ha-guard.harbor-chart-names", "harbor,harbor-ha"),
          Map.entry("harbor-ha-guard.review-threads", "3"),
          Map.entry("harbor-ha-guard.review-queue", "16"),
          Map.entry("harbor-ha-guard.review-deadline", "2s"),
          Map.entry("harbor-ha-guard.excluded-namespaces", "kube-system,harbor-ha-guard"),
          Map.entry("harbor-ha-guard.inflate-threads", "0"),
          Map.entry("harbor-ha-guard.namespaces.cache-ttl", "10s"),
          Map.entry("harbor-ha-guard.namespaces.lookup-timeout", "500ms"),
          Map.entry("harbor-ha-guard.namespace-overrides.loosen", "true"),
          Map.entry("harbor-ha-guard.namespace-overrides.exemptions", "true"),
          Map.entry(
              "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-REPLICAS\".reason",
              "one node until the hardware arrives"),
          Map.entry(
              "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-REPLICAS\".expires", "2026-12-31"),
          Map.entry(
              "harbor-ha-guard.group-exemption.\"prod\".\"HA-REPLICAS\".reason",
              "one node per site until the hardware arrives"),
          Map.entry(
              "harbor-ha-guard.group-exemption.\"prod\".\"HA-REPLICAS\".expires",
              "2026-12-31T18:00:00Z"),
          Map.entry("harbor-ha-guard.tls.generate", "false"),
          Map.entry("harbor-ha-guard.tls.generated-dir", "/var/run/harbor-ha-guard/tls"),
          Map.entry("harbor-ha-guard.tls.check-interval", "5s"),
          Map.entry("harbor-ha-guard.request-read-timeout", "5s"),
          Map.entry("harbor-ha-guard.watch-namespaces", "harbor,harbor-dr"),
          Map.entry("harbor-ha-guard.ha-group.\"prod\".namespaces", "dc1,dc2"),
          Map.entry("harbor-ha-guard.ha-group-store.store", "postgresql"),
          Map.entry("harbor-ha-guard.ha-group-store.namespace", "guard"),
          Map.entry("harbor-ha-guard.ha-group-store.jdbc-url", "jdbc:postgresql://db:5432/guard"),
          Map.entry("harbor-ha-guard.ha-group-store.username", "guard"),
          Map.entry("harbor-ha-guard.ha-group-store.allow-unverified-tls", "true"),
          Map.entry("harbor-ha-guard.ha-group-store.password", "not-a-real-password"),
          Map.entry("harbor-ha-guard.ha-group-store.timeout", "3s"),
          Map.entry("harbor-ha-guard.ha-group-store.on-failure", "allow"),
          Map.entry("harbor-ha-guard.jobs.trigger", "false"),
          Map.entry("harbor-ha-guard.jobs.image", "registry.example/harbor-ha-guard:0.1.0"),
          Map.entry("harbor-ha-guard.jobs.service-account", "db-init"),
          Map.entry("harbor-ha-guard.jobs.db-init-args", "--create-role"),
          Map.entry("harbor-ha-guard.audit.interval", "0"),
          Map.entry("harbor-ha-guard.audit.log-every-review", "true"),
          Map.entry("harbor-ha-guard.audit.page", "false"),
          Map.entry("harbor-ha-guard.audit.pause", "100ms"));

  /** A table row's first cell: one key, or a key and sibling suffixes ({@code `a.b` / `.c`}). */
  private static final Pattern KEY_CELL =
      Pattern.compile("^\\| (`harbor-ha-guard\\.[^|]*) \\|", Pattern.MULTILINE);

  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

  @Test
  void everyDocumentedKeyHasASampleHere() throws IOException {
    assertThat(documentedKeys())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(SAMPLES).containsKey(key));
  }

  @Test
  void theGuardAcceptsEveryDocumentedKey() throws IOException {
    Map<String, String> properties = new HashMap<>();
    documentedKeys().forEach(key -> properties.put(key, SAMPLES.get(key)));
    GuardConfig guard =
        GuardConfigs.builder()
            .withValidateUnknown(true)
            .withSources(new PropertiesConfigSource(properties, "documented samples", 100))
            .build()
            .getConfigMapping(GuardConfig.class);
    assertThat(guard.reviewThreads()).contains(3);
    assertThat(guard.minReplicas()).isEqualTo(3);
    assertThat(guard.databaseMaxConnections()).containsEntry("pg.example", 200);
    assertThat(guard.haGroupStore().timeout()).hasSeconds(3);
    assertThat(guard.haGroup().get("prod").namespaces()).containsExactly("dc1", "dc2");
    assertThat(guard.haGroupStore().store()).isEqualTo(GuardConfig.HaGroupStore.Store.POSTGRESQL);
    assertThat(guard.haGroupStore().onFailure())
        .isEqualTo(GuardConfig.HaGroupStore.OnFailure.ALLOW);
    assertThat(guard.exemption().get("harbor/harbor").get("HA-REPLICAS").expires())
        .contains("2026-12-31");
    assertThat(guard.groupExemption().get("prod").get("HA-REPLICAS").reason())
        .contains("one node per site until the hardware arrives");
  }

  @Test
  void theConsistencyDefaultsAreTheKubernetesStoreAndRefusal() {
    GuardConfig guard = GuardConfigs.of(Map.of());
    assertThat(guard.haGroupStore().store()).isEqualTo(GuardConfig.HaGroupStore.Store.KUBERNETES);
    assertThat(guard.haGroupStore().onFailure())
        .isEqualTo(GuardConfig.HaGroupStore.OnFailure.REFUSE);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "harbor-ha-guard.ha-group-store.store, etcd, kubernetes postgresql",
    "harbor-ha-guard.ha-group-store.on-failure, ignore, allow refuse"
  })
  void aValueOutsideTheChoicesIsRefusedNamingTheKeyAndTheChoices(
      String key, String value, String choices) {
    assertThatThrownBy(() -> GuardConfigs.of(Map.of(key, value)))
        .hasMessageContaining(key)
        .hasMessageContaining("\"" + value + "\"")
        .hasMessageContaining("allowed values")
        .hasMessageContainingAll(choices.split(" "));
  }

  @Test
  void theOldStoreKeysStillWorkWithAWarning() {
    LogCapture log = LogCapture.install();
    try {
      GuardConfig guard =
          GuardConfigs.builder()
              .withValidateUnknown(true)
              .withSources(
                  new PropertiesConfigSource(
                      Map.of(
                          "harbor-ha-guard.consistency.timeout", "4s",
                          "harbor-ha-guard.consistency.on-failure", "allow",
                          "harbor-ha-guard.ha-group-store.namespace", "guard"),
                      "old and new keys",
                      100))
              .build()
              .getConfigMapping(GuardConfig.class);
      assertThat(guard.haGroupStore().timeout()).hasSeconds(4);
      assertThat(guard.haGroupStore().onFailure())
          .isEqualTo(GuardConfig.HaGroupStore.OnFailure.ALLOW);
      assertThat(guard.haGroupStore().namespace()).isEqualTo("guard");
      assertThat(guard.haGroupStore().store()).isEqualTo(GuardConfig.HaGroupStore.Store.KUBERNETES);
      assertThat(log.all())
          .contains(
              "harbor-ha-guard.consistency.timeout is deprecated and will be removed: set"
                  + " harbor-ha-guard.ha-group-store.timeout instead");
    } finally {
      log.uninstall();
    }
  }

  @Test
  void theNewStoreKeyWinsOverTheOldOne() {
    GuardConfig guard =
        GuardConfigs.of(
            Map.of(
                "harbor-ha-guard.consistency.timeout", "4s",
                "harbor-ha-guard.ha-group-store.timeout", "1s"));
    assertThat(guard.haGroupStore().timeout()).hasSeconds(1);
  }

  @Test
  void reviewThreadsDefaultToTheProcessorRule() {
    GuardConfig guard = GuardConfigs.builder().build().getConfigMapping(GuardConfig.class);
    assertThat(guard.reviewThreads()).isEqualTo(Optional.empty());
  }

  public static List<String> documentedKeys() throws IOException {
    String readme = Files.readString(Path.of("docs/configuration.md"));
    List<String> keys = new ArrayList<>();
    Matcher cell = KEY_CELL.matcher(readme);
    while (cell.find()) {
      String first = null;
      Matcher key = BACKTICKED.matcher(cell.group(1));
      while (key.find()) {
        String name =
            key.group(1)
                .replace("\"<RULE-ID>\"", "\"HA-REPLICAS\"")
                .replace("\"<group>\"", "\"prod\"")
                .replace("\"<namespace>/<release>\"", "\"harbor/harbor\"")
                .replace("\"<host>\"", "\"pg.example\"");
        if (first == null) {
          first = name;
          keys.add(name);
        } else {
          keys.add(first.substring(0, first.lastIndexOf('.')) + name);
        }
      }
    }
    return keys;
  }
}
