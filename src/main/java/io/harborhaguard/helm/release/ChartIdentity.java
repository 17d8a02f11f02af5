package io.harborhaguard.helm.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Locale;
import java.util.Set;

/**
 * Tells goharbor's chart by what it is: its metadata names goharbor ({@code home}
 * https://goharbor.io, {@code sources} under github.com/goharbor) in every released version. A
 * chart named in {@code names} (goharbor's own name {@code harbor} and the forks an operator
 * configures) counts as goharbor's too, unless it is named {@code harbor} and its metadata names
 * another publisher (Bitnami's chart is named {@code harbor} and has other keys). An umbrella is
 * told by its {@code dependencies}: one from goharbor's repository, or one named in {@code names}
 * whose repository does not name another publisher.
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
