package io.harborhaguard.policy;

import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.policy.rules.values.ValuesRule;
import io.harborhaguard.replication.ReplicationPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs the catalogue's rules. Knows nothing of HTTP, files or the Kubernetes API. */
public class PolicyEngine {

  private final RuleCatalog catalog;
  private final Clock clock;

  public PolicyEngine(RuleCatalog catalog) {
    this(catalog, Clock.systemUTC());
  }

  /** {@code clock} says when exemptions end; tests pass a fixed one. */
  public PolicyEngine(RuleCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * {@code report} with each finding that an exemption covers, of the policy ({@code settings}) or
   * of the release's namespace ({@code fromNamespace}), marked with it while it holds now. Every
   * path applies exemptions here, once, to the release's whole report.
   */
  public Report exempt(Report report, PolicySettings settings, List<Exemption> fromNamespace) {
    List<Exemption> declared = new ArrayList<>(settings.exemptions());
    declared.addAll(fromNamespace);
    return Exemptions.apply(report, declared, clock.instant(), catalog);
  }

  /**
   * {@code report} with the policy's exemptions applied ({@link #exempt(Report, PolicySettings,
   * List)}).
   */
  public Report exempt(Report report, PolicySettings settings) {
    return exempt(report, settings, List.of());
  }

  public RuleCatalog catalog() {
    return catalog;
  }

  /** The rules over chart values, ordered by id. */
  public List<ValuesRule> valuesRules() {
    return catalog.valuesRules();
  }

  public Report evaluate(HarborValues values, PolicySettings settings) {
    return evaluate(values, settings, Map.of());
  }

  /** {@code overrides} (e.g. from a namespace annotation) win over the configured modes. */
  public Report evaluate(
      HarborValues values, PolicySettings settings, Map<String, Mode> overrides) {
    return evaluate(values, settings, overrides, Deadline.NONE);
  }

  /** As above, asking {@code deadline} before each rule. */
  public Report evaluate(
      HarborValues values,
      PolicySettings settings,
      Map<String, Mode> overrides,
      Deadline deadline) {
    List<Finding> findings =
        run(
            catalog.valuesRules(),
            r -> {
              deadline.check();
              return values.chart().isBitnami()
                  ? r.checkBitnami(values, settings)
                  : r.check(values, settings);
            },
            settings,
            overrides);
    return new Report(values.release(), values.chart().version().text(), findings);
  }

  /** The findings of the installer node rules for one node. */
  public List<Finding> judge(InstallerNode node, PolicySettings settings) {
    return run(catalog.installerNodeRules(), c -> c.check(node), settings, Map.of());
  }

  /** The findings of the rules across a site's installer nodes. */
  public List<Finding> judge(List<InstallerNode> nodes, PolicySettings settings) {
    return run(catalog.installerSiteRules(), c -> c.check(nodes), settings, Map.of());
  }

  /** The findings of the replication pair rules. */
  public List<Finding> judge(ReplicationPair pair, PolicySettings settings) {
    return run(catalog.replicationPairRules(), c -> c.check(pair), settings, Map.of());
  }

  /** Runs each rule that is not off and gives its violations their mode. */
  private <C extends Rule> List<Finding> run(
      List<C> rules,
      Function<C, List<Violation>> judge,
      PolicySettings settings,
      Map<String, Mode> overrides) {
    List<Finding> findings = new ArrayList<>();
    for (C c : rules) {
      if (effectiveMode(c, settings, overrides) != Mode.OFF) {
        findings.addAll(findings(c, judge.apply(c), settings, overrides));
      }
    }
    return List.copyOf(findings);
  }

  /** Violations of {@code rule} as findings in its effective mode; none when it is off. */
  public List<Finding> findings(
      Rule rule, List<Violation> violations, PolicySettings settings, Map<String, Mode> overrides) {
    Mode mode = effectiveMode(rule, settings, overrides);
    if (mode == Mode.OFF) {
      return List.of();
    }
    return violations.stream().map(v -> new Finding(v, mode)).toList();
  }

  public Mode effectiveMode(Rule rule, PolicySettings settings, Map<String, Mode> overrides) {
    Mode mode =
        overrides.getOrDefault(
            rule.id(), settings.modes().getOrDefault(rule.id(), rule.metadata().defaultMode()));
    // A rule without a safe fix cannot be satisfied by mutation, so it stays a refusal.
    return mode == Mode.MUTATE && !rule.hasFix(settings) ? Mode.ENFORCE : mode;
  }

  /** Applies the fixes of every rule in {@code mutate} mode to a deep copy of the object. */
  public FixResult fix(
      HarborObject object, PolicySettings settings, Map<String, Mode> overrides, boolean creating) {
    HarborObject copy = object.withJson(object.json().deepCopy());
    List<AppliedFix> fixes = new ArrayList<>();
    for (ValuesRule rule : catalog.valuesRules()) {
      if (effectiveMode(rule, settings, overrides) == Mode.MUTATE) {
        fixes.addAll(rule.fix(copy, settings, creating));
      }
    }
    return new FixResult(copy.json(), List.copyOf(fixes));
  }
}
