package io.harborhaguard.helm;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a decoded release record is the one its Secret says it is. Helm names the Secret {@code
 * sh.helm.release.v1.<release>.v<revision>}, keeps it in the release's namespace and labels it
 * {@code owner=helm}, {@code name=<release>}, {@code version=<revision>}; anyone who can create a
 * Secret can write any record into one, so nothing is done on a record's word (an Event, a pin, a
 * Job) unless all of these agree with its content.
 */
public final class RecordIdentity {

  public static final String SECRET_PREFIX = "sh.helm.release.v1.";

  private RecordIdentity() {}

  /**
   * What does not agree between the record and the Secret {@code namespace/name} with {@code
   * labels}; empty when everything does.
   */
  public static Optional<String> mismatch(
      HelmRelease release, String namespace, String name, Map<String, String> labels) {
    String expectedName = SECRET_PREFIX + release.name() + ".v" + release.revision();
    if (!expectedName.equals(name)) {
      return Optional.of("the Secret is not named " + expectedName);
    }
    if (!release.namespace().isEmpty() && !release.namespace().equals(namespace)) {
      return Optional.of("the record names another namespace than its Secret's");
    }
    Map<String, String> present = labels == null ? Map.of() : labels;
    if (!"helm".equals(present.get("owner"))
        || !release.name().equals(present.get("name"))
        || !String.valueOf(release.revision()).equals(present.get("version"))) {
      return Optional.of("the Secret's labels owner, name and version do not match the record");
    }
    return Optional.empty();
  }
}
