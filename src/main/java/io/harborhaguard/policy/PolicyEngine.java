package io.harborhaguard.policy;

import io.harborhaguard.helm.HarborObject;
import io.harborhaguard.helm.HarborValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the catalogue's checks over one release. Knows nothing of HTTP, files or the Kubernetes API.
 */
public class PolicyEngine {

  private final CheckCatalog catalog;

  public PolicyEngine(CheckCatalog catalog) {
    this.catalog = catalog;
  }

  public CheckCatalog catalog() {
    return catalog;
  }

  /** The checks over chart values, ordered by id. */
  public List<Rule> rules() {
    return catalog.rules();
  }

  public Report evaluate(HarborValues values, PolicySettings settings) {
    return evaluate(values, settings, Map.of());
  }

  /** {@code overrides} (e.g. from a namespace annotation) win over the configured modes. */
  public Report evaluate(
      HarborValues values, PolicySettings settings, Map<String, Mode> overrides) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : catalog.rules()) {
      if (effectiveMode(rule, settings, overrides) != Mode.OFF) {
        findings.addAll(findings(rule, rule.check(values, settings), settings, overrides));
      }
    }
    return new Report(values.release(), values.chart().version().text(), List.copyOf(findings));
  }

  /** Violations of {@code check} as findings in its effective mode; none when it is off. */
  public List<Finding> findings(
      Check check,
      List<Violation> violations,
      PolicySettings settings,
      Map<String, Mode> overrides) {
    Mode mode = effectiveMode(check, settings, overrides);
    if (mode == Mode.OFF) {
      return List.of();
    }
    return violations.stream().map(v -> new Finding(v, mode)).toList();
  }

  public Mode effectiveMode(Check check, PolicySettings settings, Map<String, Mode> overrides) {
    Mode mode =
        overrides.getOrDefault(
            check.id(), settings.modes().getOrDefault(check.id(), check.defaultMode()));
    // A check without a safe fix cannot be satisfied by mutation, so it stays a refusal.
    return mode == Mode.MUTATE && !check.hasFix(settings) ? Mode.ENFORCE : mode;
  }

  /** Applies the fixes of every rule in {@code mutate} mode to a deep copy of the object. */
  public FixResult fix(
      HarborObject object, PolicySettings settings, Map<String, Mode> overrides, boolean creating) {
    HarborObject copy = object.withJson(object.json().deepCopy());
    List<AppliedFix> fixes = new ArrayList<>();
    for (Rule rule : catalog.rules()) {
      if (effectiveMode(rule, settings, overrides) == Mode.MUTATE) {
        fixes.addAll(rule.fix(copy, settings, creating));
      }
    }
    return new FixResult(copy.json(), List.copyOf(fixes));
  }
}
