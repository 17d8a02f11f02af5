package io.harborhaguard.install;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** RBAC grants as rendered objects make them, and the grants table that gives their reasons. */
final class Grants {

  private Grants() {}

  /** One verb on one resource of one role; {@code names} the sorted resourceNames, or "". */
  record Grant(String role, String resource, String verb, String names)
      implements Comparable<Grant> {
    @Override
    public int compareTo(Grant o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return role + " | " + resource + " | " + verb + " | " + names;
    }
  }

  static Set<Grant> of(List<JsonNode> objects) {
    Set<Grant> grants = new TreeSet<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
        continue;
      }
      String role = kind + " " + o.at("/metadata/name").asText();
      for (JsonNode rule : o.path("rules")) {
        String names = sortedNames(rule.path("resourceNames"));
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              grants.add(
                  new Grant(role, group.asText() + "/" + resource.asText(), verb.asText(), names));
            }
          }
        }
      }
    }
    return grants;
  }

  private static String sortedNames(JsonNode names) {
    List<String> list = new ArrayList<>();
    names.forEach(n -> list.add(n.asText()));
    return list.stream().sorted().collect(Collectors.joining(", "));
  }

  /**
   * The table under the heading {@code ## Grants}: {@code | role | resource | verbs | resourceNames
   * | installs | reason |}. A resource is {@code group/resource} ({@code /secrets} for the core
   * group); "—" means no resourceNames. Backticks are ignored.
   */
  record Table(List<List<String>> rows) {

    /** The resourceNames cell of a grant on the namespaces the installer lists. */
    static final String LISTED_NAMESPACES = "the listed namespaces";

    static Table read(Path file) throws IOException {
      List<List<String>> rows = new ArrayList<>();
      boolean inSection = false;
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("## ")) {
          inSection = line.strip().equals("## Grants");
          continue;
        }
        if (!inSection || !line.startsWith("|") || line.startsWith("|---")) {
          continue;
        }
        List<String> cells =
            Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
                .map(c -> c.replace("`", "").strip())
                .toList();
        if (cells.get(0).equals("role")) {
          continue; // the header
        }
        rows.add(cells);
      }
      return new Table(rows);
    }

    Set<Grant> withoutRow(Set<Grant> grants) {
      Set<Grant> missing = new TreeSet<>();
      for (Grant grant : grants) {
        if (rows.stream().noneMatch(row -> covers(row, grant))) {
          missing.add(grant);
        }
      }
      return missing;
    }

    List<String> rowsWithoutReason() {
      return rows.stream()
          .filter(r -> r.size() < 6 || r.get(5).isBlank())
          .map(r -> String.join(" | ", r))
          .toList();
    }

    private static boolean covers(List<String> row, Grant grant) {
      if (row.get(3).equals(LISTED_NAMESPACES)) {
        return coversAnyNames(row, grant);
      }
      String names = row.get(3).equals("—") ? "" : normalized(row.get(3));
      Set<String> verbs =
          Arrays.stream(row.get(2).split(",")).map(String::strip).collect(Collectors.toSet());
      return row.get(0).equals(grant.role())
          && row.get(1).equals(grant.resource())
          && verbs.contains(grant.verb())
          && names.equals(grant.names());
    }

    /** Names the user lists ({@code rbac.namespaces}): any non-empty list matches. */
    private static boolean coversAnyNames(List<String> row, Grant grant) {
      return !grant.names().isEmpty()
          && covers(List.of(row.get(0), row.get(1), row.get(2), grant.names()), grant);
    }

    private static String normalized(String names) {
      return Arrays.stream(names.split(","))
          .map(String::strip)
          .sorted()
          .collect(Collectors.joining(", "));
    }
  }
}
