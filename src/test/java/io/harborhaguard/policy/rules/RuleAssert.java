package io.harborhaguard.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.List;

/** Runs one rule and checks the shape every violation must have. */
final class RuleAssert {

  private RuleAssert() {}

  static List<Violation> check(Rule rule, HarborValues values) {
    return check(rule, values, PolicySettings.defaults());
  }

  static List<Violation> check(Rule rule, HarborValues values, PolicySettings settings) {
    List<Violation> violations = rule.check(values, settings);
    for (Violation v : violations) {
      assertThat(v.ruleId()).isEqualTo(rule.id());
      assertThat(v.message()).as("message names the values key").contains(v.valuesKey());
      assertThat(v.remediation()).as("remediation is a sentence").endsWith(".");
    }
    return violations;
  }

  static List<String> keys(List<Violation> violations) {
    return violations.stream().map(Violation::valuesKey).toList();
  }
}
