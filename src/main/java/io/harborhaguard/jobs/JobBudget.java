package io.harborhaguard.jobs;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Bounds the db-init Jobs one guard creates, whatever release records appear: one Job per release
 * revision (remembered for the last {@value #REMEMBERED} revisions), at most {@code perMinute}
 * creations a minute, and at most {@code perNamespaceCap} per namespace a day.
 */
public final class JobBudget {

  static final int REMEMBERED = 4096;
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  private static final long DAY = Duration.ofDays(1).toNanos();

  private final int perMinute;
  private final int perNamespaceCap;
  private final LongSupplier nanoTime;
  private final Map<String, String> jobOfRevision =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final Map<String, Integer> perNamespace = new HashMap<>();
  private double tokens;
  private long refilledAt;
  private long dayStartedAt;

  public JobBudget(int perMinute, int perNamespaceCap, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.perNamespaceCap = perNamespaceCap;
    this.nanoTime = nanoTime;
    this.tokens = perMinute;
    this.refilledAt = nanoTime.getAsLong();
    this.dayStartedAt = refilledAt;
  }

  /** The shipped bounds: 10 Jobs a minute, 20 per namespace a day. */
  public static JobBudget standard() {
    return new JobBudget(10, 20, System::nanoTime);
  }

  /** The Job already made for this revision, if any. */
  public synchronized Optional<String> jobFor(String revisionKey) {
    return Optional.ofNullable(jobOfRevision.get(revisionKey));
  }

  /** Empty when a Job may be created now (and counts it); else why not. */
  public synchronized Optional<String> take(String namespace) {
    long now = nanoTime.getAsLong();
    if (now - dayStartedAt >= DAY) {
      perNamespace.clear();
      dayStartedAt = now;
    }
    tokens = Math.min(perMinute, tokens + (double) (now - refilledAt) * perMinute / MINUTE);
    refilledAt = now;
    if (perNamespace.getOrDefault(namespace, 0) >= perNamespaceCap) {
      return Optional.of(
          "namespace " + namespace + " had its " + perNamespaceCap + " db-init Jobs for today");
    }
    if (tokens < 1) {
      return Optional.of("more than " + perMinute + " db-init Jobs in a minute");
    }
    tokens -= 1;
    perNamespace.merge(namespace, 1, Integer::sum);
    return Optional.empty();
  }

  /** Remembers the Job made (or found) for a revision. */
  public synchronized void remember(String revisionKey, String jobName) {
    jobOfRevision.put(revisionKey, jobName);
  }
}
