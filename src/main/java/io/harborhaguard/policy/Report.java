package io.harborhaguard.policy;

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
    return refusals().isEmpty();
  }
}
