package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.rules.values.ValuesRule;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

  private final PolicyEngine engine = TestRules.engine();
  private final HarborValues internalDb = Fixtures.values("v1.19.1", "v-internal-db");

  @Test
  void configuredModeTurnsARefusalIntoAWarning() {
    var settings = new PolicySettings(2, Set.of(), Map.of("HA-DB-EXTERNAL", Mode.WARN));
    Report report = engine.evaluate(internalDb, settings);
    assertThat(report.allowed()).isTrue();
    assertThat(report.warnings()).extracting(Finding::ruleId).contains("HA-DB-EXTERNAL");
    assertThat(report.warnings())
        .extracting(Finding::ruleId)
        .containsOnly("HA-DB-EXTERNAL", "HA-KEY-KNOWN", "HA-CREDENTIALS-DEFAULT", "HA-DISRUPTION");
  }

  @Test
  void overrideWinsOverConfiguration() {
    var settings = new PolicySettings(2, Set.of(), Map.of("HA-DB-EXTERNAL", Mode.WARN));
    Report report = engine.evaluate(internalDb, settings, Map.of("HA-DB-EXTERNAL", Mode.ENFORCE));
    assertThat(report.refusals()).extracting(Finding::ruleId).containsExactly("HA-DB-EXTERNAL");
  }

  @Test
  void offSkipsTheRule() {
    Report report =
        engine.evaluate(internalDb, PolicySettings.defaults(), Map.of("HA-DB-EXTERNAL", Mode.OFF));
    assertThat(report.findings()).extracting(Finding::ruleId).doesNotContain("HA-DB-EXTERNAL");
    assertThat(report.refusals()).isEmpty();
  }

  @Test
  void mutateWithoutASafeFixStillRefuses() {
    var rule = engine.catalog().require("HA-DB-EXTERNAL");
    assertThat(rule.hasFix(PolicySettings.defaults())).isFalse();
    assertThat(
            engine.effectiveMode(
                rule, PolicySettings.defaults(), Map.of("HA-DB-EXTERNAL", Mode.MUTATE)))
        .isEqualTo(Mode.ENFORCE);
  }

  @Test
  void findingLineIsRuleMessageAndFix() {
    Finding finding = engine.evaluate(internalDb, PolicySettings.defaults()).refusals().get(0);
    assertThat(FindingFormat.line(finding))
        .startsWith("HA-DB-EXTERNAL: database.type is \"internal\"")
        .contains(" -> --set database.type=external");
  }

  @Test
  void everyRuleDocumentsItself() {
    assertThat(engine.valuesRules()).hasSize(16);
    for (ValuesRule rule : engine.valuesRules()) {
      assertThat(rule.id()).matches("HA-[A-Z-]+");
      assertThat(rule.metadata().title()).isNotBlank();
      assertThat(rule.metadata().rationale()).endsWith(".");
    }
    assertThat(engine.valuesRules().stream().map(ValuesRule::id).distinct())
        .hasSize(engine.valuesRules().size());
  }

  @Test
  void modesParseCaseInsensitivelyAndRejectUnknownWords() {
    assertThat(Mode.parse(" Warn ")).isEqualTo(Mode.WARN);
    Assertions.assertThatThrownBy(() -> Mode.parse("block"))
        .hasMessageContaining("unknown mode 'block'");
  }
}
