package io.harborhaguard.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place exemptions meet findings: the webhook, {@code lint}, {@code post-render} and the
 * audit scan all mark a release's findings here ({@link PolicyEngine#exempt}), at one clock's
 * instant, so an exemption holds, and ends, the same way in each.
 */
public final class Exemptions {

  private Exemptions() {}

  /**
   * Why an exemption for {@code ruleId} cannot be declared; empty when it can. Only rules over a
   * Harbor release (its values, its record, its HA group) are judged per release; a rule the
   * catalogue marks not exemptible never is.
   */
  public static Optional<String> refusal(RuleCatalog catalog, String ruleId) {
    Optional<Rule> rule = catalog.find(ruleId);
    if (rule.isEmpty()) {
      return Optional.of("no rule has this id");
    }
    RuleMetadata metadata = rule.get().metadata();
    if (!metadata.exemptible()) {
      return Optional.of(ruleId + " can never be exempted (docs/rules.md)");
    }
    return switch (metadata.scope()) {
      case VALUES, VALUES_SECRETS, RELEASE_RECORD, HA_GROUP -> Optional.empty();
      default ->
          Optional.of(
              ruleId
                  + " judges "
                  + metadata.scope().label()
                  + "s, not Harbor releases; exemptions cover a release's rules");
    };
  }

  /**
   * {@code report}'s findings, each marked with the first exemption that covers its release and
   * rule and holds at {@code now}; a finding of a rule that is not exemptible stays as it is,
   * whatever was declared.
   */
  static Report apply(Report report, List<Exemption> declared, Instant now, RuleCatalog catalog) {
    if (declared.isEmpty() || report.findings().isEmpty()) {
      return report;
    }
    List<Finding> marked = new ArrayList<>(report.findings().size());
    for (Finding finding : report.findings()) {
      marked.add(mark(finding, report.release(), declared, now, catalog));
    }
    return new Report(report.release(), report.chartVersion(), List.copyOf(marked));
  }

  private static Finding mark(
      Finding finding, String release, List<Exemption> declared, Instant now, RuleCatalog catalog) {
    if (finding.exempted() || refusal(catalog, finding.ruleId()).isPresent()) {
      return finding;
    }
    for (Exemption exemption : declared) {
      if (exemption.ruleId().equals(finding.ruleId())
          && exemption.covers(release)
          && exemption.holdsAt(now)) {
        return finding.exemptedBy(exemption);
      }
    }
    return finding;
  }
}
