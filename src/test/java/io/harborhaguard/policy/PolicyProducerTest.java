package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harborhaguard.testing.TestRules;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyProducerTest {

  private final PolicyEngine engine = TestRules.engine();

  @Test
  void modesFromConfigurationAreParsed() {
    var settings =
        PolicyProducer.toSettings(
            3, Set.of("cephfs"), Map.of("HA-SECRET-KEY", "enforce", "HA-REPLICAS", "warn"), engine);
    assertThat(settings.modes())
        .containsEntry("HA-SECRET-KEY", Mode.ENFORCE)
        .containsEntry("HA-REPLICAS", Mode.WARN);
    assertThat(settings.minReplicas()).isEqualTo(3);
    assertThat(settings.sharedStorageClasses()).containsExactly("cephfs");
  }

  @Test
  void unknownRuleIdFailsWithTheKey() {
    assertThatThrownBy(
            () -> PolicyProducer.toSettings(2, Set.of(), Map.of("HA-TYPO", "warn"), engine))
        .hasMessage("harbor-ha-guard.mode.\"HA-TYPO\": no rule has this id");
  }

  @Test
  void unknownModeFailsWithTheKey() {
    assertThatThrownBy(
            () -> PolicyProducer.toSettings(2, Set.of(), Map.of("HA-REPLICAS", "block"), engine))
        .hasMessageStartingWith("harbor-ha-guard.mode.\"HA-REPLICAS\": unknown mode 'block'");
  }

  @Test
  void minimumReplicasBelowOneIsRefused() {
    assertThatThrownBy(() -> PolicyProducer.toSettings(0, Set.of(), Map.of(), engine))
        .hasMessageContaining("at least 1");
  }
}
