package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A rule across the offline-installer nodes of one site. */
public interface InstallerSiteRule extends Rule {

  List<Violation> check(List<InstallerNode> nodes);

  /**
   * One violation when {@code value} is not the same on every node that has it: which nodes hold
   * which value, named by node, with {@code shown} deciding what may be printed of a value.
   */
  default Optional<Violation> differs(
      List<InstallerNode> nodes,
      String key,
      String what,
      Function<InstallerNode, Optional<String>> value,
      Function<String, String> shown,
      String remediation) {
    Map<String, List<String>> byValue = new LinkedHashMap<>();
    for (InstallerNode node : nodes) {
      value
          .apply(node)
          .ifPresent(v -> byValue.computeIfAbsent(v, x -> new ArrayList<>()).add(node.name()));
    }
    if (byValue.size() <= 1) {
      return Optional.empty();
    }
    List<String> groups = new ArrayList<>();
    byValue.forEach((v, names) -> groups.add(String.join(", ", names) + ": " + shown.apply(v)));
    return Optional.of(
        violation(
            "nodes " + String.join(", ", nodes.stream().map(InstallerNode::name).toList()),
            key,
            what + " differs between the nodes (" + String.join("; ", groups) + ")",
            remediation));
  }
}
