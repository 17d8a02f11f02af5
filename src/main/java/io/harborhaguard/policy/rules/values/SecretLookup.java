package io.harborhaguard.policy.rules.values;

import java.util.Map;

/**
 * Where the Secrets a release names are looked up: the Kubernetes API in the release's namespace
 * (the webhook), or the Secret manifests given on lint's command line. Implementations read only
 * the Secrets asked for.
 */
@FunctionalInterface
public interface SecretLookup {

  /** What a look-up found. */
  sealed interface Result {}

  /**
   * The Secret, its {@code data} decoded (and {@code stringData} laid over it, as the API does).
   */
  record Found(Map<String, byte[]> data) implements Result {}

  /** There is no Secret of that name. */
  record Missing() implements Result {}

  /** It could not be looked up; {@code why} says so without any value. */
  record Unknown(String why) implements Result {}

  Result find(String name);
}
