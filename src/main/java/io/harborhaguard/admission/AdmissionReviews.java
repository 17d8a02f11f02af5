package io.harborhaguard.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import java.io.IOException;

/** Reads and writes AdmissionReview v1 bodies; a body that is not one is a {@link BadReview}. */
public final class AdmissionReviews {

  public static final String API_VERSION = "admission.k8s.io/v1";

  /** The request body is not an AdmissionReview v1 with a request. */
  public static class BadReview extends Exception {
    public BadReview(String message) {
      super(message);
    }
  }

  private AdmissionReviews() {}

  public static AdmissionReview parse(ObjectMapper mapper, byte[] body) throws BadReview {
    if (body == null || body.length == 0) {
      throw new BadReview("empty body: expected an AdmissionReview " + API_VERSION);
    }
    AdmissionReview review;
    try {
      review = mapper.readValue(body, AdmissionReview.class);
    } catch (JsonProcessingException e) {
      throw new BadReview("malformed AdmissionReview: " + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      throw new BadReview("malformed AdmissionReview: " + e.getMessage());
    }
    if (review == null || !"AdmissionReview".equals(review.getKind())) {
      throw new BadReview("expected kind AdmissionReview");
    }
    if (!API_VERSION.equals(review.getApiVersion())) {
      throw new BadReview(
          "unsupported apiVersion '" + review.getApiVersion() + "': expected " + API_VERSION);
    }
    if (review.getRequest() == null) {
      throw new BadReview("the AdmissionReview has no request");
    }
    if (review.getRequest().getUid() == null || review.getRequest().getUid().isEmpty()) {
      throw new BadReview("the AdmissionReview request has no uid");
    }
    return review;
  }

  public static AdmissionReview answer(AdmissionResponse response) {
    return new AdmissionReviewBuilder()
        .withApiVersion(API_VERSION)
        .withKind("AdmissionReview")
        .withResponse(response)
        .build();
  }
}
