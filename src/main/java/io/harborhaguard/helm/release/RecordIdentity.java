package io.harborhaguard.helm.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a decoded release record is the one its Secret says it is. Helm names the Secret (or,
 * with its ConfigMap driver, the ConfigMap) {@code sh.helm.release.v1.<release>.v<revision>}, keeps
 * it in the release's namespace and labels it {@code owner=helm}, {@code name=<release>}, {@code
 * version=<revision>} (and {@code status}); anyone who can create a Secret can write any record
 * into one, so nothing is done on a record's word (an Event, a pin, a Job, a PolicyReport) unless
 * all of these agree with its content.
 */
public final class RecordIdentity {

  public static final String SECRET_PREFIX = "sh.helm.release.v1.";

  private RecordIdentity() {}

  /**
   * What does not agree between the record and the Secret {@code namespace/name} with {@code
   * labels}, in one sentence; empty when everything does.
   */
  public static Optional<String> mismatch(
      HelmRelease release, String namespace, String name, Map<String, String> labels) {
    return mismatch("Secret", release, namespace, name, labels);
  }

  /**
   * {@link #mismatch(HelmRelease, String, String, Map)} for a record held in an object of {@code
   * kind}: Helm's ConfigMap driver names and labels its ConfigMaps as its Secret driver its
   * Secrets.
   */
  public static Optional<String> mismatch(
      String kind, HelmRelease release, String namespace, String name, Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    String expectedName = SECRET_PREFIX + release.name() + ".v" + release.revision();
    List<String> problems = new ArrayList<>();
    if (!"helm".equals(present.get("owner"))) {
      problems.add("label owner is not helm");
    }
    if (!release.name().equals(present.get("name"))) {
      problems.add("label name " + present.get("name") + " but the record is " + release.name());
    }
    if (!String.valueOf(release.revision()).equals(present.get("version"))) {
      problems.add(
          "label version " + present.get("version") + " but the record is " + release.revision());
    }
    if (present.containsKey("status") && !Objects.equals(present.get("status"), release.status())) {
      problems.add(
          "label status " + present.get("status") + " but the record is " + release.status());
    }
    if (!expectedName.equals(name)) {
      problems.add(kind + " name is not " + expectedName);
    }
    if (!release.namespace().isEmpty() && !release.namespace().equals(namespace)) {
      problems.add("the record names namespace " + release.namespace());
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "release record "
                + kind
                + " "
                + namespace
                + "/"
                + name
                + " refused: "
                + String.join("; ", problems));
  }
}
