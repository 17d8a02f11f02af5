package io.harborhaguard.policy;

import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.replication.ReplicationPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    return evaluate(values, settings, overrides, Deadline.NONE);
  }

  /** As above, asking {@code deadline} before each check. */
  public Report evaluate(
      HarborValues values,
      PolicySettings settings,
      Map<String, Mode> overrides,
      Deadline deadline) {
    List<Finding> findings =
        run(
            catalog.rules(),
            r -> {
              deadline.check();
              return r.check(values, settings);
            },
            settings,
            overrides);
    return new Report(values.release(), values.chart().version().text(), findings);
  }

  /** The findings of the installer node checks for one node. */
  public List<Finding> judge(InstallerNode node, PolicySettings settings) {
    return run(catalog.nodeChecks(), c -> c.check(node), settings, Map.of());
  }

  /** The findings of the checks across a site's installer nodes. */
  public List<Finding> judge(List<InstallerNode> nodes, PolicySettings settings) {
    return run(catalog.nodesChecks(), c -> c.check(nodes), settings, Map.of());
  }

  /** The findings of the replication pair checks. */
  public List<Finding> judge(ReplicationPair pair, PolicySettings settings) {
    return run(catalog.pairChecks(), c -> c.check(pair), settings, Map.of());
  }

  /** Runs each check that is not off and gives its violations their mode. */
  private <C extends Check> List<Finding> run(
      List<C> checks,
      Function<C, List<Violation>> check,
      PolicySettings settings,
      Map<String, Mode> overrides) {
    List<Finding> findings = new ArrayList<>();
    for (C c : checks) {
      if (effectiveMode(c, settings, overrides) != Mode.OFF) {
        findings.addAll(findings(c, check.apply(c), settings, overrides));
      }
    }
    return List.copyOf(findings);
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
