package io.harborhaguard.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harborhaguard.cli.Main;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The offline commands' settings: packaged defaults, system properties and --config FILE, each mode
 * with its source; -D only before the subcommand.
 */
class OfflineSettingsTest {

  static final String KEY = "harbor-ha-guard.mode.\"HA-DB-EXTERNAL\"";

  @AfterEach
  void clear() {
    System.clearProperty(KEY);
    System.clearProperty("harbor-ha-guard.min-replicas");
  }

  private static Map<String, io.harborhaguard.report.ModeInForce> modes(OfflineSettings s) {
    return s.modes().stream()
        .collect(Collectors.toMap(io.harborhaguard.report.ModeInForce::rule, m -> m));
  }

  @Test
  void withoutConfigurationEveryModeIsThePackagedDefault() throws Exception {
    OfflineSettings s = OfflineSettings.read(TestRules.engine(), null);
    assertThat(s.modes()).hasSize(TestRules.engine().catalog().all().size());
    assertThat(s.modes()).allMatch(m -> m.from().equals(GuardConfigs.PACKAGED));
    assertThat(modes(s).get("HA-DB-EXTERNAL").mode()).isEqualTo(Mode.ENFORCE);
    assertThat(s.note()).isEqualTo("modes in force: packaged defaults (harbor-ha-guard rules)");
  }

  @Test
  void aConfigFileAndASystemPropertyAreNamedAsTheSource() throws Exception {
    Path file = Files.createTempFile("ci", ".properties");
    Files.writeString(file, "harbor-ha-guard.mode.\"HA-REPLICAS\"=warn\n");
    System.setProperty(KEY, "warn");
    OfflineSettings s = OfflineSettings.read(TestRules.engine(), file);
    assertThat(modes(s).get("HA-REPLICAS"))
        .isEqualTo(
            new io.harborhaguard.report.ModeInForce("HA-REPLICAS", Mode.WARN, "--config " + file));
    assertThat(modes(s).get("HA-DB-EXTERNAL"))
        .isEqualTo(
            new io.harborhaguard.report.ModeInForce(
                "HA-DB-EXTERNAL", Mode.WARN, GuardConfigs.SYSTEM_PROPERTY));
    assertThat(s.note())
        .contains("HA-REPLICAS=warn (--config " + file + ")")
        .contains("HA-DB-EXTERNAL=warn (system property)")
        .doesNotContain("\n");
  }

  @Test
  void theWorkingDirectorysConfigurationIsNeverRead() throws Exception {
    Path local = Path.of("config", "application.properties");
    boolean existed = Files.exists(local);
    if (!existed) {
      Files.createDirectories(local.getParent());
      Files.writeString(local, KEY + "=off\nharbor-ha-guard.min-replicas=9\n");
    }
    try {
      OfflineSettings s = OfflineSettings.read(TestRules.engine(), null);
      assertThat(modes(s).get("HA-DB-EXTERNAL").mode()).isEqualTo(Mode.ENFORCE);
      assertThat(s.settings().minReplicas()).isEqualTo(2);
    } finally {
      if (!existed) {
        Files.delete(local);
        Files.deleteIfExists(local.getParent());
      }
    }
  }

  @Test
  void aWrongModeInAConfigFileIsBadInputNamingTheFile() throws Exception {
    Path file = Files.createTempFile("ci", ".properties");
    Files.writeString(file, KEY + "=sometimes\n");
    assertThatThrownBy(() -> OfflineSettings.read(TestRules.engine(), file))
        .isInstanceOf(BadInput.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("HA-DB-EXTERNAL");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-Dharbor-ha-guard.min-replicas=3 lint values.yaml|lint values.yaml|3",
        "lint -Dharbor-ha-guard.min-replicas=3|lint -Dharbor-ha-guard.min-replicas=3|",
        "lint -- -Dharbor-ha-guard.min-replicas=3.yaml|lint -- -Dharbor-ha-guard.min-replicas=3.yaml|",
        "nodes -Dharbor-ha-guard.min-replicas=3|nodes -Dharbor-ha-guard.min-replicas=3|",
        "serve -Dharbor-ha-guard.min-replicas=3|serve|3"
      })
  void systemPropertiesComeOnlyBeforeTheSubcommand(String args, String rest, String property) {
    String[] left = Main.systemProperties(args.split(" "));
    assertThat(String.join(" ", left)).isEqualTo(rest);
    assertThat(System.getProperty("harbor-ha-guard.min-replicas")).isEqualTo(property);
  }
}
