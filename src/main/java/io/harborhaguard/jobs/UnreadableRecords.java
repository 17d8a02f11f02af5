package io.harborhaguard.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Release records that could not be read or were refused as forged, by namespace, name, uid and
 * resourceVersion: a bad record costs one log line and one decode, not one per event or per audit
 * scan. A changed record has a new resourceVersion and is read again. Bounded, so a flood of bad
 * records cannot grow it without end.
 */
final class UnreadableRecords {

  static final int REMEMBERED = 10_000;

  private final Cache<String, Boolean> seen = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

  /** This version of the record was found bad before. */
  boolean known(HasMetadata secret) {
    return stored(secret) && seen.getIfPresent(key(secret)) != null;
  }

  /**
   * Remembers this version of the record; true the first time, when it is worth a log line. A
   * record that did not come from the API (no uid or resourceVersion) is never remembered.
   */
  boolean remember(HasMetadata secret) {
    return !stored(secret) || seen.asMap().putIfAbsent(key(secret), Boolean.TRUE) == null;
  }

  private static boolean stored(HasMetadata secret) {
    return secret.getMetadata().getUid() != null
        && secret.getMetadata().getResourceVersion() != null;
  }

  private static String key(HasMetadata secret) {
    return secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion();
  }
}
