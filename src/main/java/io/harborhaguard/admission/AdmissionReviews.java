package io.harborhaguard.admission;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import java.io.IOException;

/**
 * Reads and writes AdmissionReview v1 bodies. The reviewed object is bound to a model class only
 * when it is a Secret: every other kind is answered without binding it, which keeps the common case
 * cheap.
 */
public final class AdmissionReviews {

  public static final String API_VERSION = "admission.k8s.io/v1";

  /** The request body is not an AdmissionReview v1 with a request. */
  public static class BadReview extends Exception {
    public BadReview(String message) {
      super(message);
    }
  }

  /**
   * The review (without its objects), the reviewed object as JSON, the same object bound to a
   * Secret when it is one (else {@code null}) and, for a Secret read by {@link
   * ReleaseRecordReader}, its {@code data.release} already decoded from the Secret's base64: the
   * record as Helm stored it. The Secret's own data map then lacks that key. {@code oldObject} is
   * the stored object of an UPDATE ({@code null} otherwise, and for a release record, whose reader
   * skips it).
   */
  public record Parsed(
      AdmissionReview review,
      JsonNode object,
      Secret secret,
      byte[] releaseRecord,
      JsonNode oldObject) {
    public AdmissionRequest request() {
      return review.getRequest();
    }
  }

  /**
   * Binds the envelope only. {@code AdmissionRequest}'s object fields are bound by fabric8's
   * polymorphic deserializer, and merely building it loads a model class for every resource kind on
   * the class path (about 540, Gateway API included) even when the fields are absent, as they are
   * here: the objects are taken out of the tree before binding.
   */
  private static final ObjectMapper ENVELOPE =
      new ObjectMapper()
          .addMixIn(AdmissionRequest.class, WithoutObjects.class)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @JsonIgnoreProperties({"object", "oldObject", "options"})
  private interface WithoutObjects {}

  private AdmissionReviews() {}

  public static Parsed parse(ObjectMapper mapper, byte[] body) throws BadReview {
    if (body == null || body.length == 0) {
      throw new BadReview("empty body: expected an AdmissionReview " + API_VERSION);
    }
    ReleaseRecordReader.Read streamed = ReleaseRecordReader.read(mapper, body);
    try {
      JsonNode tree = streamed != null ? streamed.review() : mapper.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw new BadReview("malformed AdmissionReview: not a JSON object");
      }
      checkEnvelope(tree);
      ObjectNode request = (ObjectNode) tree.get("request");
      JsonNode object = request.remove("object");
      JsonNode oldObject = request.remove("oldObject");
      AdmissionReview review = ENVELOPE.treeToValue(tree, AdmissionReview.class);
      if (review.getRequest().getUid() == null || review.getRequest().getUid().isEmpty()) {
        throw new BadReview("the AdmissionReview request has no uid");
      }
      Secret secret = secretOf(mapper, review.getRequest(), object);
      return new Parsed(
          review,
          object,
          secret,
          secret == null || streamed == null ? null : streamed.record(),
          oldObject == null || oldObject.isNull() ? null : oldObject);
    } catch (JsonProcessingException e) {
      throw new BadReview("malformed AdmissionReview: " + e.getOriginalMessage());
    } catch (IOException | IllegalArgumentException e) {
      throw new BadReview("malformed AdmissionReview: " + e.getMessage());
    }
  }

  private static void checkEnvelope(JsonNode tree) throws BadReview {
    if (!"AdmissionReview".equals(tree.path("kind").asText())) {
      throw new BadReview("expected kind AdmissionReview");
    }
    String apiVersion = tree.path("apiVersion").asText();
    if (!API_VERSION.equals(apiVersion)) {
      throw new BadReview("unsupported apiVersion '" + apiVersion + "': expected " + API_VERSION);
    }
    if (!tree.path("request").isObject()) {
      throw new BadReview("the AdmissionReview has no request");
    }
  }

  private static Secret secretOf(ObjectMapper mapper, AdmissionRequest request, JsonNode object)
      throws JsonProcessingException {
    boolean isSecret =
        request.getKind() != null
            && "Secret".equals(request.getKind().getKind())
            && (request.getKind().getGroup() == null || request.getKind().getGroup().isEmpty());
    if (!isSecret || object == null || !object.isObject()) {
      return null;
    }
    return mapper.treeToValue(object, Secret.class);
  }

  public static AdmissionReview answer(AdmissionResponse response) {
    return new AdmissionReviewBuilder()
        .withApiVersion(API_VERSION)
        .withKind("AdmissionReview")
        .withResponse(response)
        .build();
  }
}
