package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every finding of every fixture, named from an umbrella's top, differs only by the prefix. */
class KeyPrefixTest {

  static List<Fixtures.Case> cases() {
    return Fixtures.releaseCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyKeyAndFixIsNamedUnderThePrefixAndNothingElseChanges(Fixtures.Case c) {
    HarborValues values = Fixtures.values(c.tag(), c.name());
    Report plain = TestRules.engine().evaluate(values, PolicySettings.defaults());

    Report prefixed = KeyPrefix.apply(plain, "registry.", values.topKeys());

    assertThat(prefixed.findings()).hasSameSizeAs(plain.findings());
    for (int i = 0; i < plain.findings().size(); i++) {
      Violation before = plain.findings().get(i).violation();
      Violation after = prefixed.findings().get(i).violation();
      assertThat(after.ruleId()).isEqualTo(before.ruleId());
      if (!before.valuesKey().isEmpty()) {
        assertThat(after.valuesKey()).isEqualTo("registry." + before.valuesKey());
      }
      assertThat(after.remediation().replace("registry.", ""))
          .isEqualTo(before.remediation().replace("registry.", ""));
      assertThat(after.message().replace("registry.", ""))
          .isEqualTo(before.message().replace("registry.", ""));
      assertThat(after.remediation()).doesNotContainPattern("--set (?!registry\\.)[a-zA-Z]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void noPrefixLeavesTheReportAsItIs(Fixtures.Case c) {
    HarborValues values = Fixtures.values(c.tag(), c.name());
    Report plain = TestRules.engine().evaluate(values, PolicySettings.defaults());

    assertThat(KeyPrefix.apply(plain, "", values.topKeys())).isSameAs(plain);
  }

  @org.junit.jupiter.api.Test
  void quotedValuesAndProseKeepTheirWords() {
    String text =
        KeyPrefix.text(
            "database.external.host is \"database.example.com\": the core Secret",
            "harbor.",
            KeyPrefix.keyPath(Set.of("database", "core")),
            "database.external.host");

    assertThat(text)
        .isEqualTo("harbor.database.external.host is \"database.example.com\": the core Secret");
  }
}
