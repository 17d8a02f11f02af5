package io.harborhaguard.policy;

import io.harborhaguard.helm.HarborObject;
import io.harborhaguard.helm.HarborValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs every rule over one release. Knows nothing of HTTP, files or the Kubernetes API. */
public class PolicyEngine {

  private final List<Rule> rules;

  public PolicyEngine(List<Rule> rules) {
    this.rules = rules.stream().sorted(Comparator.comparing(Rule::id)).toList();
  }

  public List<Rule> rules() {
    return rules;
  }

  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public Report evaluate(HarborValues values, PolicySettings settings) {
    return evaluate(values, settings, Map.of());
  }

  /** {@code overrides} (e.g. from a namespace annotation) win over the configured modes. */
  public Report evaluate(HarborValues values, PolicySettings settings, Map<String, Mode> overrides) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      Mode mode = effectiveMode(rule, settings, overrides);
      if (mode == Mode.OFF) {
        continue;
      }
      for (Violation violation : rule.check(values, settings)) {
        findings.add(new Finding(violation, mode));
      }
    }
    return new Report(values.release(), values.chart().version().text(), List.copyOf(findings));
  }

  public Mode effectiveMode(Rule rule, PolicySettings settings, Map<String, Mode> overrides) {
    Mode mode =
        overrides.getOrDefault(
            rule.id(), settings.modes().getOrDefault(rule.id(), rule.defaultMode()));
    // A rule without a safe fix cannot be satisfied by mutation, so it stays a refusal.
    return mode == Mode.MUTATE && !rule.hasFix(settings) ? Mode.ENFORCE : mode;
  }

  /** Applies the fixes of every rule in {@code mutate} mode to a deep copy of the object. */
  public FixResult fix(
      HarborObject object, PolicySettings settings, Map<String, Mode> overrides, boolean creating) {
    HarborObject copy = object.withJson(object.json().deepCopy());
    List<AppliedFix> fixes = new ArrayList<>();
    for (Rule rule : rules) {
      if (effectiveMode(rule, settings, overrides) == Mode.MUTATE) {
        fixes.addAll(rule.fix(copy, settings, creating));
      }
    }
    return new FixResult(copy.json(), List.copyOf(fixes));
  }
}
