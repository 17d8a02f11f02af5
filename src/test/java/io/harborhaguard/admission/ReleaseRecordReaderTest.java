package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseRecordReaderTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Fixtures.Case> releaseCases() {
    return Fixtures.releaseCases().stream();
  }

  /** The streamed read and the whole-tree read give the same review and the same release. */
  @ParameterizedTest
  @MethodSource("releaseCases")
  void aReleaseSecretReadsAsTheTreeDoes(Fixtures.Case c) throws Exception {
    ObjectNode review = Reviews.forCase(c);
    byte[] body = MAPPER.writeValueAsBytes(review);

    AdmissionReviews.Parsed streamed = AdmissionReviews.parse(MAPPER, body);

    String dataRelease = review.at("/request/object/data/release").asText();
    assertThat(streamed.releaseRecord()).isEqualTo(Base64.getDecoder().decode(dataRelease));
    assertThat(streamed.secret().getData()).doesNotContainKey("release");
    assertThat(streamed.secret().getMetadata().getLabels())
        .containsEntry("status", review.at("/request/object/metadata/labels/status").asText());
    // Everything but the objects and the options is bound; those three never reach the model.
    List<String> unbound = List.of("object", "oldObject", "options");
    JsonNode expected = ((ObjectNode) review.get("request").deepCopy()).without(unbound);
    assertThat((Object) MAPPER.valueToTree(streamed.review()).get("request")).isEqualTo(expected);

    ReleaseDecoder decoder = new ReleaseDecoder();
    HelmRelease fromRecord = decoder.decodeStored(streamed.releaseRecord());
    HelmRelease fromSecret = decoder.decodeSecretData(dataRelease);
    assertThat(fromRecord).usingRecursiveComparison().isEqualTo(fromSecret);
  }

  @Test
  void anUpdateSkipsThePreviousRecord() throws Exception {
    ObjectNode update =
        Reviews.asUpdate(Reviews.forCase(Fixtures.releaseCases().get(0)), "superseded");
    ReleaseRecordReader.Read read =
        ReleaseRecordReader.read(MAPPER, MAPPER.writeValueAsBytes(update));

    assertThat(read).isNotNull();
    assertThat(read.review().get("request").has("oldObject")).isFalse();
    assertThat(read.review().at("/request/object/metadata/labels/status").asText())
        .isEqualTo("superseded");
    assertThat(read.review().at("/request/operation").asText()).isEqualTo("UPDATE");
  }

  @Test
  void onlyASecretsRecordIsDecoded() throws Exception {
    ObjectNode configMap = releaseReview();
    ObjectNode kind = (ObjectNode) configMap.get("request").get("kind");
    kind.put("kind", "ConfigMap");
    assertThat(ReleaseRecordReader.read(MAPPER, MAPPER.writeValueAsBytes(configMap))).isNull();

    ObjectNode otherGroup = releaseReview();
    ((ObjectNode) otherGroup.get("request").get("kind")).put("group", "example.com");
    assertThat(ReleaseRecordReader.read(MAPPER, MAPPER.writeValueAsBytes(otherGroup))).isNull();
  }

  @Test
  void anyOtherKindIsReadAsATree() throws Exception {
    byte[] deployment =
        Fixtures.read(Fixtures.admission("deployment-create.v1.19.1-core-1-replica.json"));
    assertThat(ReleaseRecordReader.read(MAPPER, deployment)).isNull();
    assertThat(AdmissionReviews.parse(MAPPER, deployment).object().path("kind").asText())
        .isEqualTo("Deployment");
  }

  /** The object before its kind is not how the API server writes a review: read as a tree. */
  @Test
  void aKindAfterTheObjectIsLeftToTheTree() throws Exception {
    ObjectNode review = releaseReview();
    ObjectNode request = (ObjectNode) review.get("request");
    JsonNode kind = request.remove("kind");
    request.set("kind", kind);
    assertThat(ReleaseRecordReader.read(MAPPER, MAPPER.writeValueAsBytes(review))).isNull();
    assertThat(AdmissionReviews.parse(MAPPER, MAPPER.writeValueAsBytes(review)).secret().getData())
        .containsKey("release");
  }

  /** Malformed values fall back to the tree, which keeps reporting them as before. */
  @Test
  void invalidBase64AndOtherShapesAreLeftToTheTree() throws Exception {
    for (JsonNode value :
        List.of(
            MAPPER.getNodeFactory().textNode("not base64 at all!"),
            MAPPER.getNodeFactory().numberNode(42),
            MAPPER.getNodeFactory().nullNode())) {
      ObjectNode review = releaseReview();
      ((ObjectNode) review.at("/request/object/data")).set("release", value);
      byte[] body = MAPPER.writeValueAsBytes(review);
      assertThat(ReleaseRecordReader.read(MAPPER, body)).as("%s", value).isNull();
      assertThat(AdmissionReviews.parse(MAPPER, body).releaseRecord()).isNull();
    }
    assertThat(ReleaseRecordReader.read(MAPPER, "{\"request\":".getBytes())).isNull();
    assertThat(ReleaseRecordReader.read(MAPPER, "[1,2]".getBytes())).isNull();
  }

  private static ObjectNode releaseReview() {
    return Reviews.captured(Reviews.CAPTURED_SECRET_CREATE);
  }
}
