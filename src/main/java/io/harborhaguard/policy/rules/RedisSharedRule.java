package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Redis database indexes of a release, and of releases sharing one Redis. Jobservice keeps its
 * queue, schedules and locks under a fixed namespace ({@code {harbor_job_service_namespace}}) and
 * core its cache under fixed key names, so two installs on the same Redis and index run each
 * other's jobs (replication then fails with 401: the other install's credentials) and read each
 * other's cache, unless they are one HA group, which must share them.
 */
public class RedisSharedRule implements Rule {

  static final String EXTERNAL = "redis.external.";

  /** The largest index a default Redis ({@code databases 16}) has. */
  static final int DEFAULT_DATABASES = 16;

  @Override
  public String id() {
    return "HA-REDIS-SHARED";
  }

  @Override
  public String title() {
    return "a Redis is shared only within one HA group, or with database indexes of its own";
  }

  @Override
  public String rationale() {
    return "Jobservice keeps its queue and schedules in Redis under a fixed namespace and core its"
        + " cache under fixed key names: two installs on one Redis and index run each other's jobs"
        + " (replication fails with 401) and read each other's cache; within an install the"
        + " chart gives each component an index of its own.";
  }

  @Override
  public String eras() {
    return "redis.external.host/port up to 1.4.x, addr (+ sentinelMasterSet) from 1.5.0; indexes"
        + " coreDatabaseIndex, jobserviceDatabaseIndex, registryDatabaseIndex in every chart,"
        + " chartmuseumDatabaseIndex up to 1.11.x, clairAdapterIndex 1.3.0-1.5.x,"
        + " trivyAdapterIndex from 1.4.0, harborDatabaseIndex and cacheLayerDatabaseIndex when"
        + " set (1.11.3+, 1.12.4+, 1.13.0 on); across releases in lint of several files (one externalURL = one HA"
        + " group)";
  }

  @Override
  public Mode defaultMode() {
    return Mode.ENFORCE;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    if (!"external".equals(values.text("redis.type"))) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    Map<String, Integer> indexes = new LinkedHashMap<>();
    for (String key : indexKeys(values)) {
      String text = values.text(EXTERNAL + key).trim();
      if (text.isEmpty()) {
        continue;
      }
      int index;
      try {
        index = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        violations.add(
            violation(
                EXTERNAL + key,
                EXTERNAL
                    + key
                    + " is "
                    + Echo.quoted(text)
                    + ", not a database index: the chart prints it into the Redis URL, which"
                    + " Harbor cannot parse",
                "--set " + EXTERNAL + key + "=<0-" + (DEFAULT_DATABASES - 1) + ">."));
        continue;
      }
      if (index < 0) {
        violations.add(
            violation(
                EXTERNAL + key,
                EXTERNAL + key + " is " + index + ", below 0",
                "--set " + EXTERNAL + key + "=<0-" + (DEFAULT_DATABASES - 1) + ">."));
        continue;
      }
      indexes.put(key, index);
    }
    // Components that keep their own keys: the optional harbor/cacheLayer indexes default to
    // core's by design, so only they may share core's.
    Map<Integer, List<String>> byIndex = new TreeMap<>();
    indexes.forEach(
        (key, index) -> {
          if (!key.equals("harborDatabaseIndex") && !key.equals("cacheLayerDatabaseIndex")) {
            byIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(key);
          }
        });
    byIndex.forEach(
        (index, keys) -> {
          if (keys.size() > 1) {
            violations.add(
                advisory(
                    EXTERNAL + keys.get(1),
                    keys.stream().map(k -> EXTERNAL + k).collect(Collectors.joining(" and "))
                        + " are both "
                        + index
                        + ": chart "
                        + values.chart().version()
                        + " gives each component an index of its own",
                    "--set "
                        + EXTERNAL
                        + keys.get(1)
                        + "=<an index no other component of this release uses>."));
          }
        });
    return violations;
  }

  /**
   * Releases among {@code releases} on the same Redis: members of one HA group (the same
   * externalURL) must use the same indexes, others indexes no other release uses.
   */
  public List<Violation> acrossReleases(List<HarborValues> releases, PolicySettings settings) {
    Map<String, List<HarborValues>> byTarget = new LinkedHashMap<>();
    for (HarborValues values : releases) {
      if ("external".equals(values.text("redis.type"))) {
        byTarget.computeIfAbsent(target(values), t -> new ArrayList<>()).add(values);
      }
    }
    List<Violation> violations = new ArrayList<>();
    byTarget.forEach(
        (target, group) -> {
          for (int i = 0; i < group.size(); i++) {
            for (int j = i + 1; j < group.size(); j++) {
              pair(target, group.get(i), group.get(j)).ifPresent(violations::add);
            }
          }
        });
    return violations;
  }

  private java.util.Optional<Violation> pair(String target, HarborValues a, HarborValues b) {
    Map<String, Integer> ia = used(a);
    Map<String, Integer> ib = used(b);
    String subject = a.release() + ", " + b.release();
    boolean sameGroup =
        !a.text("externalURL").isBlank()
            && a.text("externalURL").trim().equalsIgnoreCase(b.text("externalURL").trim());
    if (sameGroup) {
      if (!ia.equals(ib)) {
        return java.util.Optional.of(
            violation(
                subject,
                EXTERNAL + "jobserviceDatabaseIndex",
                Echo.value(a.release())
                    + " and "
                    + Echo.value(b.release())
                    + " serve "
                    + Echo.value(a.text("externalURL"))
                    + " (one HA group) on Redis "
                    + Echo.value(target)
                    + " with different indexes ("
                    + ia
                    + " and "
                    + ib
                    + "; "
                    + EXTERNAL
                    + "jobserviceDatabaseIndex and the others must match): their sessions and job"
                    + " queues are not shared",
                "--set the same redis.external.*Index values on every member of the group."));
      }
      return java.util.Optional.empty();
    }
    TreeSet<Integer> shared = new TreeSet<>(ia.values());
    shared.retainAll(new TreeSet<>(ib.values()));
    if (shared.isEmpty()) {
      return java.util.Optional.empty();
    }
    int next =
        Math.max(
                ia.values().stream().mapToInt(Integer::intValue).max().orElse(0),
                ib.values().stream().mapToInt(Integer::intValue).max().orElse(0))
            + 1;
    return java.util.Optional.of(
        violation(
            subject,
            EXTERNAL + "jobserviceDatabaseIndex",
            Echo.value(a.release())
                + " and "
                + Echo.value(b.release())
                + " use Redis "
                + Echo.value(target)
                + " and share database index(es) "
                + shared
                + " without being one HA group (their externalURLs differ): each runs the"
                + " other's jobs from "
                + EXTERNAL
                + "jobserviceDatabaseIndex and reads the other's cache",
            "--set redis.external.*Index on "
                + Echo.value(b.release())
                + " to indexes the other does not use (from "
                + next
                + " up, below the server's databases), or give it a Redis of its own."));
  }

  /** The indexes a release uses, by key; core's 0 where unset. */
  public static Map<String, Integer> used(HarborValues values) {
    Map<String, Integer> used = new TreeMap<>();
    for (String key : indexKeys(values)) {
      String text = values.text(EXTERNAL + key).trim();
      if (text.isEmpty()) {
        continue;
      }
      try {
        used.put(key, Integer.parseInt(text));
      } catch (NumberFormatException e) {
        // reported by check()
      }
    }
    return used;
  }

  /** The Redis a release points at: its endpoints, sorted, and the Sentinel master set. */
  static String target(HarborValues values) {
    String endpoints;
    if (values.chart().hasRedisAddr()) {
      endpoints =
          Arrays.stream(values.text(EXTERNAL + "addr").split(","))
              .map(e -> e.trim().toLowerCase(Locale.ROOT))
              .filter(e -> !e.isEmpty())
              .sorted()
              .collect(Collectors.joining(","));
    } else {
      endpoints =
          values.text(EXTERNAL + "host").trim().toLowerCase(Locale.ROOT)
              + ":"
              + (values.isSet(EXTERNAL + "port") ? values.text(EXTERNAL + "port").trim() : "6379");
    }
    String master = values.text(EXTERNAL + "sentinelMasterSet").trim();
    return master.isEmpty() ? endpoints : endpoints + "/" + master;
  }

  /** harborDatabaseIndex/cacheLayerDatabaseIndex: 1.11.3-1.11.x, 1.12.4-1.12.x, 1.13.0 on. */
  static boolean readsHarborIndexes(io.harborhaguard.helm.chart.ChartVersion v) {
    return v.atLeast(1, 13, 0)
        || (v.onLine(1, 12) && v.patch() >= 4)
        || (v.onLine(1, 11) && v.patch() >= 3);
  }

  /** The index keys this chart version reads for the components this release runs. */
  static List<String> indexKeys(HarborValues values) {
    var chart = values.chart();
    List<String> keys = new ArrayList<>(List.of("coreDatabaseIndex", "jobserviceDatabaseIndex"));
    keys.add("registryDatabaseIndex");
    if (chart.hasChartmuseum() && values.flag("chartmuseum.enabled")) {
      keys.add("chartmuseumDatabaseIndex");
    }
    if (chart.hasClair() && chart.version().atLeast(1, 3, 0) && values.flag("clair.enabled")) {
      keys.add("clairAdapterIndex");
    }
    if (chart.hasTrivy() && values.flag("trivy.enabled")) {
      keys.add("trivyAdapterIndex");
    }
    if (readsHarborIndexes(chart.version())) {
      keys.add("harborDatabaseIndex");
      keys.add("cacheLayerDatabaseIndex");
    }
    return keys.stream().filter(Objects::nonNull).toList();
  }
}
