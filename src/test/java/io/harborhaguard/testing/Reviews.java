package io.harborhaguard.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * AdmissionReview bodies shaped exactly as the API server sends them: built from the captured
 * review in the shared fixtures, with the release Secret swapped in.
 */
public final class Reviews {

  public static final String CAPTURED_SECRET_CREATE = "release-secret-create.v1.19.1-ha-ok.json";

  private Reviews() {}

  public static ObjectNode captured(String file) {
    try {
      return (ObjectNode) Fixtures.JSON.readTree(Fixtures.admission(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CREATE of {@code sh.helm.release.v1.<name>.v<rev>} holding {@code data.release}. */
  public static ObjectNode releaseSecret(
      String namespace, String releaseName, int revision, String status, String dataRelease) {
    ObjectNode review = captured(CAPTURED_SECRET_CREATE);
    ObjectNode request = (ObjectNode) review.get("request");
    String secretName = "sh.helm.release.v1." + releaseName + ".v" + revision;
    request.put("uid", UUID.randomUUID().toString());
    request.put("name", secretName);
    request.put("namespace", namespace);
    ObjectNode metadata = (ObjectNode) request.get("object").get("metadata");
    metadata.put("name", secretName);
    metadata.put("namespace", namespace);
    ObjectNode labels = (ObjectNode) metadata.get("labels");
    labels.put("name", releaseName);
    labels.put("status", status);
    labels.put("version", String.valueOf(revision));
    ((ObjectNode) request.get("object").get("data")).put("release", dataRelease);
    return review;
  }

  /** The release JSON of a fixture case as Helm would store it, in namespace {@code harbor}. */
  public static ObjectNode forCase(Fixtures.Case c) {
    byte[] json = Fixtures.read(c.releaseJson());
    ObjectNode release = Fixtures.releaseJson(c);
    return releaseSecret(
        release.path("namespace").asText("harbor"),
        release.path("name").asText("harbor"),
        release.path("version").asInt(1),
        release.path("info").path("status").asText("pending-install"),
        Fixtures.secretData(json));
  }

  /**
   * A CREATE of the fixture case's release as Helm would store it in {@code namespace}: the record
   * names that namespace too, as a real record does.
   */
  public static ObjectNode forCaseIn(String namespace, Fixtures.Case c) {
    ObjectNode release = Fixtures.releaseJson(c);
    release.put("namespace", namespace);
    try {
      return releaseSecret(
          namespace,
          release.path("name").asText("harbor"),
          release.path("version").asInt(1),
          "pending-install",
          Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(release)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Turns a CREATE into an UPDATE carrying the previous object, as Helm's status updates do. */
  public static ObjectNode asUpdate(ObjectNode review, String newStatus) {
    ObjectNode request = (ObjectNode) review.get("request");
    request.put("operation", "UPDATE");
    request.set("oldObject", request.get("object").deepCopy());
    ((ObjectNode) request.get("object").get("metadata").get("labels")).put("status", newStatus);
    ((ObjectNode) request.get("options")).put("kind", "UpdateOptions");
    return review;
  }

  public static String uid(ObjectNode review) {
    return review.get("request").get("uid").asText();
  }
}
