package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HA-SECRETS-PINNED over values files of every era, alone and two by two (lint of both). */
class SecretsPinnedRuleTest {

  static final Path CASES = Fixtures.root().resolve("checks/HA-SECRETS-PINNED");
  private final SecretsPinnedRule rule = new SecretsPinnedRule();

  static List<String[]> rows(String file) throws IOException {
    try (Stream<String> lines = Files.lines(CASES.resolve(file))) {
      return lines.filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t")).toList();
    }
  }

  static List<String[]> single() throws IOException {
    return rows("expected.tsv");
  }

  static List<String[]> pairs() throws IOException {
    return rows("pairs.tsv");
  }

  static HarborValues values(String file) {
    String version = file.substring(file.indexOf('@') + 1, file.length() - ".yaml".length());
    return ChartValuesFixtures.values(version, CASES.resolve(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("single")
  void namesEverySecretTheChartMakesAtEveryRender(String file, String expected) {
    List<Violation> found = check(rule, values(file));
    assertThat(found.stream().map(v -> v.valuesKey().isEmpty() ? "(chart)" : v.valuesKey()))
        .containsExactlyElementsOf(
            expected.equals("-") ? List.of() : Arrays.asList(expected.split(",")));
    found.forEach(
        v -> {
          assertThat(v.remediation()).endsWith(".");
          assertThat(v.message()).doesNotContain("Qm7TzR2vLp9XwK4c");
        });
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("pairs")
  void judgesTheMembersOfOneGroupTogether(String a, String b, String contains) {
    List<Violation> found =
        rule.acrossReleases(List.of(values(a), values(b)), PolicySettings.defaults());
    if (contains.equals("-")) {
      assertThat(found).isEmpty();
      return;
    }
    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains(contains);
              assertThat(v.message())
                  .doesNotContain("Rz4Gp7Ks1Wd8Hm3Y")
                  .doesNotContain("Hx2Bf9Lq6Tc3Wn8P");
              assertThat(v.remediation()).endsWith(".");
              assertThat(v.advisory()).isFalse();
            });
  }

  @Test
  void theRegistryFindingSaysWhatAClientSees() {
    assertThat(check(rule, values("unset@1.10.4.yaml")))
        .filteredOn(v -> v.valuesKey().equals("registry.secret"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("blob upload invalid"));
  }

  @Test
  void refusesByDefault() {
    assertThat(rule.metadata().defaultMode()).isEqualTo(Mode.ENFORCE);
  }
}
