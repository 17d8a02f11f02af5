package io.harborhaguard.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.policy.Echo;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An active site and its standby: which replication policies carry the active site's projects to
 * the standby (push policies on the active site, pull policies on the standby), and which would
 * carry them back for a failback.
 */
public record ReplicationPair(ReplicationSite active, ReplicationSite standby) {

  /** A policy of one site and the site that owns it. */
  public record Policy(ReplicationSite owner, JsonNode json) {
    public String name() {
      return owner.name() + " policy " + Echo.quoted(json.path("name").asText());
    }

    public boolean enabled() {
      return json.path("enabled").asBoolean(false);
    }

    public boolean replicatesDeletion() {
      return json.path("replicate_deletion").asBoolean(false)
          || json.path("deletion").asBoolean(false);
    }

    public String trigger() {
      return json.path("trigger").path("type").asText("manual");
    }

    public long id() {
      return json.path("id").asLong(-1);
    }
  }

  /** Enabled policies that replicate from {@code from} to {@code to}: push by from, pull by to. */
  public List<Policy> policies(ReplicationSite from, ReplicationSite to) {
    List<Policy> found = new ArrayList<>();
    for (JsonNode policy : from.policies()) {
      if (isRemote(policy.path("dest_registry"), to)) {
        found.add(new Policy(from, policy));
      }
    }
    for (JsonNode policy : to.policies()) {
      if (isRemote(policy.path("src_registry"), from)) {
        found.add(new Policy(to, policy));
      }
    }
    return found;
  }

  /** Whether {@code registry} (a policy's src or dest) is {@code site}, as far as can be told. */
  private static boolean isRemote(JsonNode registry, ReplicationSite site) {
    if (!registry.isObject() || registry.path("id").asLong(0) == 0) {
      return false; // null or id 0: the local Harbor itself
    }
    Optional<String> host = site.url().map(ReplicationPair::host);
    return host.isEmpty() || host.get().equals(host(registry.path("url").asText("")));
  }

  private static String host(String url) {
    try {
      String host = URI.create(url.trim()).getHost();
      return host == null ? url.trim().toLowerCase(Locale.ROOT) : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return url.trim().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether {@code policy}'s name filters let {@code project}'s repositories through. */
  public static boolean covers(Policy policy, String project) {
    boolean covered = true;
    for (JsonNode filter : policy.json().path("filters")) {
      if (!"name".equals(filter.path("type").asText())) {
        continue;
      }
      boolean matches = matches(filter.path("value").asText(""), project);
      boolean excludes = "excludes".equals(filter.path("decoration").asText("matches"));
      covered &= excludes != matches;
    }
    return covered;
  }

  /**
   * A name filter ({@code library/**}, {@code team-*}/**, {@code **}) against a project: its first
   * path segment is matched as a glob, like Harbor's doublestar patterns.
   */
  static boolean matches(String pattern, String project) {
    if (pattern.isEmpty() || pattern.equals("**")) {
      return true;
    }
    int slash = pattern.indexOf('/');
    String projectPattern = slash < 0 ? pattern : pattern.substring(0, slash);
    if (projectPattern.equals("**")) {
      return true;
    }
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + projectPattern);
    return slash >= 0 && glob.matches(Path.of(project));
  }
}
