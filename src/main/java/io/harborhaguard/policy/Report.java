package io.harborhaguard.policy;

import java.util.ArrayList;
import java.util.List;

/** Everything the rules found in one release. */
public record Report(String release, String chartVersion, List<Finding> findings) {

  public List<Finding> refusals() {
    return findings.stream().filter(Finding::refuses).toList();
  }

  public List<Finding> warnings() {
    return findings.stream().filter(Finding::warns).toList();
  }

  public boolean allowed() {
    return findings.stream().noneMatch(Finding::refuses);
  }

  /** This report with more findings (e.g. the HA group's) after its own. */
  public Report with(List<Finding> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(more);
    return new Report(release, chartVersion, List.copyOf(all));
  }

  /** The refusal message: {@link FindingFormat#refusal}. */
  public String refusalMessage() {
    return FindingFormat.refusal(release, chartVersion, refusals());
  }
}
