package io.harborhaguard.helm.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells goharbor's chart by what it is: its metadata names goharbor ({@code home}
 * https://goharbor.io, {@code sources} under github.com/goharbor) in every released version. A
 * chart named in {@code names} (goharbor's own name {@code harbor} and the forks an operator
 * configures) counts as goharbor's too, unless it is named {@code harbor} and its metadata names
 * another publisher (Bitnami's chart is named {@code harbor} and has other keys). An umbrella is
 * told by its {@code dependencies}: one from goharbor's repository, or one named in {@code names}
 * whose repository does not name another publisher. Bitnami's chart is named {@code harbor} and
 * names Bitnami in its metadata in every released version ({@code home}, {@code sources}, {@code
 * maintainers} or {@code icon}; its versions up to 16.5 also give goharbor's home page), so Bitnami
 * is asked first.
 */
public final class ChartIdentity {

  private final Set<String> names;

  /**
   * @param names chart names taken as goharbor's chart ({@code harbor} is always one)
   */
  public ChartIdentity(Set<String> names) {
    this.names = names;
  }

  public static final ChartIdentity DEFAULT = new ChartIdentity(Set.of(HelmRelease.HARBOR_CHART));

  /** What the chart with {@code metadata} is. */
  public ChartKind of(JsonNode metadata) {
    String name = HelmRelease.text(metadata, "name");
    if (HelmRelease.HARBOR_CHART.equals(name) && namesBitnami(metadata)) {
      return ChartKind.BITNAMI;
    }
    Publisher publisher = publisher(metadata);
    if (publisher == Publisher.GOHARBOR) {
      return ChartKind.HARBOR;
    }
    if (isHarborName(name)) {
      return publisher == Publisher.OTHER && HelmRelease.HARBOR_CHART.equals(name)
          ? ChartKind.NOT_GOHARBOR
          : ChartKind.HARBOR;
    }
    for (JsonNode dependency : metadata.path("dependencies")) {
      Publisher repository = byRepository(HelmRelease.text(dependency, "repository"));
      if (repository == Publisher.GOHARBOR) {
        return ChartKind.UMBRELLA;
      }
      if (isHarborDependency(dependency)
          && HelmRelease.text(dependency, "repository")
              .toLowerCase(Locale.ROOT)
              .contains("bitnami")) {
        return ChartKind.BITNAMI; // an umbrella of Bitnami's chart: its dependency says whose
      }
      if (isHarborDependency(dependency)) {
        return repository == Publisher.OTHER ? ChartKind.NOT_GOHARBOR : ChartKind.UMBRELLA;
      }
    }
    return ChartKind.OTHER;
  }

  /** The Harbor dependency of an umbrella's metadata, its version resolved by {@code lock}. */
  public HarborDependency dependency(JsonNode metadata, JsonNode lock) {
    for (JsonNode dependency : metadata.path("dependencies")) {
      String name = HelmRelease.text(dependency, "name");
      if (isHarborDependency(dependency)
          || byRepository(HelmRelease.text(dependency, "repository")) == Publisher.GOHARBOR) {
        String version = HelmRelease.text(dependency, "version");
        JsonNode lockedDependencies =
            (lock == null ? MissingNode.getInstance() : lock).path("dependencies");
        for (JsonNode locked : lockedDependencies) {
          if (name.equals(HelmRelease.text(locked, "name"))) {
            version = HelmRelease.text(locked, "version");
          }
        }
        JsonNode enabled = dependency.path("enabled");
        return new HarborDependency(
            name,
            HelmRelease.text(dependency, "alias"),
            version,
            HelmRelease.text(dependency, "condition"),
            enabled.isBoolean() ? enabled.booleanValue() : null);
      }
    }
    return null;
  }

  /**
   * A dependency named (or aliased) as Harbor. Helm's record names an aliased dependency by its
   * alias, so goharbor's chart under an alias is told by its repository.
   */
  private boolean isHarborDependency(JsonNode dependency) {
    return isHarborName(HelmRelease.text(dependency, "name"))
        || isHarborName(HelmRelease.text(dependency, "alias"));
  }

  private boolean isHarborName(String name) {
    return HelmRelease.HARBOR_CHART.equals(name) || names.contains(name);
  }

  private enum Publisher {
    GOHARBOR,
    OTHER,
    UNNAMED
  }

  /** goharbor if any address names it; else another publisher if any address is given. */
  private static Publisher publisher(JsonNode metadata) {
    Publisher found = byAddress(HelmRelease.text(metadata, "home"));
    for (JsonNode source : metadata.path("sources")) {
      Publisher one = byAddress(source.asText());
      if (one == Publisher.GOHARBOR || (one == Publisher.OTHER && found == Publisher.UNNAMED)) {
        found = one;
      }
    }
    return found;
  }

  /** Whether an address, a maintainer or the icon of {@code metadata} names Bitnami. */
  static boolean namesBitnami(JsonNode metadata) {
    List<String> named = new ArrayList<>();
    named.add(HelmRelease.text(metadata, "home"));
    named.add(HelmRelease.text(metadata, "icon"));
    metadata.path("sources").forEach(source -> named.add(source.asText()));
    for (JsonNode maintainer : metadata.path("maintainers")) {
      named.add(HelmRelease.text(maintainer, "name"));
      named.add(HelmRelease.text(maintainer, "email"));
      named.add(HelmRelease.text(maintainer, "url"));
    }
    return named.stream().anyMatch(text -> text.toLowerCase(Locale.ROOT).contains("bitnami"));
  }

  private static Publisher byAddress(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    if (lower.isBlank()) {
      return Publisher.UNNAMED;
    }
    return lower.contains("goharbor") ? Publisher.GOHARBOR : Publisher.OTHER;
  }

  /** A local path ({@code file://}) or no repository names no publisher. */
  private static Publisher byRepository(String repository) {
    return repository.startsWith("file://") ? Publisher.UNNAMED : byAddress(repository);
  }
}
