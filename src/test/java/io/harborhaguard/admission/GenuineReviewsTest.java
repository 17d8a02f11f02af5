package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TestRules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only a review the API server would send may pin an HA group or write an Event: the real record of
 * an HA release in a covered namespace, not a dry run. Each forged variant is still judged against
 * the group, but with pinning off and no Event.
 */
class GenuineReviewsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Arguments> reviews() {
    return Stream.of(
        Arguments.of("the real record", (Consumer<ObjectNode>) r -> {}, true),
        Arguments.of(
            "a dry run", (Consumer<ObjectNode>) r -> request(r).put("dryRun", true), false),
        Arguments.of(
            "a namespace the webhook excludes",
            (Consumer<ObjectNode>) r -> request(r).put("namespace", "kube-system"),
            false),
        Arguments.of(
            "labels that do not match the record",
            (Consumer<ObjectNode>)
                r -> ((ObjectNode) r.at("/request/object/metadata/labels")).put("version", "9"),
            false),
        Arguments.of(
            "a Secret named for another release",
            (Consumer<ObjectNode>)
                r ->
                    ((ObjectNode) r.at("/request/object/metadata"))
                        .put("name", "sh.helm.release.v1.x.v1"),
            false));
  }

  private static ObjectNode request(ObjectNode review) {
    return (ObjectNode) review.get("request");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reviews")
  void onlyAGenuineReviewMayPinOrWriteAnEvent(
      String name, Consumer<ObjectNode> forge, boolean genuine) throws Exception {
    List<Boolean> mayPin = new ArrayList<>();
    ReleaseReviewer reviewer =
        new ReleaseReviewer(
            new ReleaseDecoder(),
            TestRules.engine(),
            PolicySettings.defaults(),
            null,
            (values, release, request, pin) -> {
              mayPin.add(pin);
              return List.of();
            });
    ObjectNode review = Reviews.forCaseIn("harbor", new Fixtures.Case("v1.19.1", "ha-ok"));
    forge.accept(review);
    ReviewOutcome outcome =
        reviewer.review(AdmissionReviews.parse(MAPPER, MAPPER.writeValueAsBytes(review)));
    assertThat(mayPin).as("the group gate was asked").containsExactly(genuine);
    assertThat(outcome.genuine()).isEqualTo(genuine);
  }
}
