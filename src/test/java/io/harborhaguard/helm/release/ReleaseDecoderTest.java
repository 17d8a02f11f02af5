package io.harborhaguard.helm.release;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.HostileRecords;
import io.harborhaguard.testing.Reviews;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseDecoderTest {

  private final ReleaseDecoder decoder = new ReleaseDecoder();

  private static byte[] fixture(String tag, String name) {
    return Fixtures.read(Fixtures.harbor().resolve(tag).resolve(name + ".release.json"));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, ha-ok, 1.3.19, 1.10.18",
    "v1.10.4, ha-ok, 1.10.4, 2.6.4",
    "v1.19.1, ha-ok, 1.19.1, 2.15.1",
    "v1.19.1, ha-ok.helm4, 1.19.1, 2.15.1"
  })
  void decodesHelmStoredReleases(String tag, String name, String chart, String app)
      throws Exception {
    HelmRelease release = decoder.decodeSecretData(Fixtures.secretData(fixture(tag, name)));
    assertThat(release.isHarbor()).isTrue();
    assertThat(release.chartVersion()).isEqualTo(chart);
    assertThat(release.appVersion()).isEqualTo(app);
    assertThat(release.status()).isEqualTo("pending-install");
    assertThat(release.qualifiedName()).isEqualTo("harbor/harbor");
    assertThat(release.config().path("database").path("type").asText()).isEqualTo("external");
    assertThat(release.chartValues().path("database").path("type").asText()).isEqualTo("internal");
  }

  @Test
  void decodesTheCapturedAdmissionReviewAsItIs() throws Exception {
    ObjectNode review = Reviews.captured(Reviews.CAPTURED_SECRET_CREATE);
    String data = review.at("/request/object/data/release").asText();
    HelmRelease release = decoder.decodeSecretData(data);
    assertThat(release.chartName()).isEqualTo("harbor");
    assertThat(release.chartVersion()).isEqualTo("1.19.1");
  }

  @Test
  void acceptsLegacyReleasesWithoutGzip() throws Exception {
    byte[] json = fixture("v1.19.1", "ha-ok");
    String legacy = Fixtures.base64(Fixtures.base64(json).getBytes(StandardCharsets.US_ASCII));
    assertThat(decoder.decodeSecretData(legacy).chartVersion()).isEqualTo("1.19.1");
  }

  @Test
  void acceptsHelm4ReleaseWithoutConfigOrHooks() throws Exception {
    ObjectNode json = Fixtures.releaseJson("v1.19.1", "ha-ok.helm4");
    json.remove("config");
    json.remove("hooks");
    HelmRelease release = decoder.parse(new ObjectMapper().writeValueAsBytes(json));
    assertThat(release.config().isEmpty()).isTrue();
    assertThat(release.chartValues().path("database").path("type").asText()).isEqualTo("internal");
  }

  @Test
  void rejectsBadOuterBase64() {
    assertThatThrownBy(() -> decoder.decodeSecretData("not base64 at all!"))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("data.release is not valid base64");
  }

  @Test
  void rejectsBadHelmBase64() {
    String data = Fixtures.base64("%%%not-helm%%%".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> decoder.decodeSecretData(data))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("Helm release record is not valid base64");
  }

  @Test
  void rejectsCorruptGzip() {
    byte[] gz = Fixtures.gzip(fixture("v1.19.1", "ha-ok"));
    for (int i = 20; i < 60; i++) {
      gz[i] = (byte) ~gz[i];
    }
    String data = Fixtures.base64(Fixtures.base64(gz).getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> decoder.decodeSecretData(data))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("not valid gzip");
  }

  @Test
  void rejectsTruncatedGzip() {
    byte[] gz = Fixtures.gzip(fixture("v1.19.1", "ha-ok"));
    byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
    String data = Fixtures.base64(Fixtures.base64(truncated).getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> decoder.decodeSecretData(data))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("not valid gzip");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\": | not valid JSON",
        "[1,2,3] | not a JSON object",
        "{\"name\":\"x\"} | no chart metadata",
        "{\"chart\":{\"metadata\":{\"name\":\"harbor\"}},\"config\":[1]} | config is not an object"
      })
  void rejectsJsonThatIsNotARelease(String json, String message) {
    String data = Fixtures.secretData(json.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> decoder.decodeSecretData(data))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining(message);
  }

  @Test
  void boundsTheDecompressedSizeOfAHarborRecord() throws Exception {
    // the real record with 8 MiB of blanks after its chart: compresses about 1000:1
    String json = new String(fixture("v1.19.1", "ha-ok"), StandardCharsets.UTF_8);
    byte[] padded =
        (json.substring(0, json.length() - 1) + "," + " ".repeat(8 * 1024 * 1024) + "\"x\":1}")
            .getBytes(StandardCharsets.UTF_8);
    String data = Fixtures.secretData(padded);
    ReleaseDecoder small = new ReleaseDecoder(new ObjectMapper(), 1024 * 1024);
    assertThat(data.length()).isLessThan(256 * 1024);
    assertThatThrownBy(() -> small.decodeSecretData(data))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("larger than the limit of 1048576 bytes");
  }

  @Test
  void boundsWhatComesBeforeTheChart() {
    byte[] bomb =
        ("{\"name\": " + " ".repeat(65 * 1024 * 1024) + "\"x\"}")
            .getBytes(StandardCharsets.US_ASCII);
    String data = Fixtures.secretData(bomb);
    assertThat(data.length()).isLessThan(256 * 1024);
    assertThatThrownBy(() -> decoder.decodeSecretData(data))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining(
            "larger than the limit of " + ReleaseDecoder.MAX_BEFORE_CHART_BYTES + " bytes");
  }

  @Test
  void stopsReadingAtTheFirstByteThatIsNotJson() {
    String data = Fixtures.secretData(new byte[8 * 1024 * 1024]);
    assertThatThrownBy(() -> decoder.decodeSecretData(data))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void skipsTemplatesAndFilesButKeepsWhatRulesRead() throws Exception {
    HelmRelease release = decoder.parse(fixture("v1.19.1", "v-replicas"));
    assertThat(release.chartValues().path("core").path("replicas").asInt()).isEqualTo(1);
    assertThat(release.config().path("core").path("replicas").asInt()).isEqualTo(1);
    assertThat(release.revision()).isEqualTo(1);
  }

  @Test
  void rejectsAnEmptyRecord() {
    assertThatThrownBy(() -> decoder.decodeSecretData(""))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("missing or empty");
  }

  @Test
  void acceptsBase64WrappedIntoLinesOrWithATrailingNewline() throws Exception {
    String stored = Fixtures.helmStored(fixture("v1.19.1", "ha-ok"));
    String wrapped = stored.replaceAll("(.{76})", "$1\r\n") + "\n";
    String outer =
        Base64.getMimeEncoder().encodeToString(wrapped.getBytes(StandardCharsets.US_ASCII));

    HelmRelease release = decoder.decodeSecretData(outer + "\n");

    assertThat(release.chartVersion()).isEqualTo("1.19.1");
    assertThat(release.config().path("core").path("replicas").asInt()).isEqualTo(3);
  }

  static List<HostileRecords.Hostile> hostileRecords() {
    return HostileRecords.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRecords")
  void answersEveryHostileRecordWithinItsBounds(HostileRecords.Hostile hostile) throws Exception {
    String data = Fixtures.secretData(hostile.json());
    assertThat(data.length()).as("fits a Secret").isLessThan(1024 * 1024);
    switch (hostile.expected()) {
      case REFUSED_UNREADABLE ->
          assertThatThrownBy(() -> decoder.decodeSecretData(data))
              .isInstanceOf(ReleaseDecodeException.class);
      case ALLOWED_NOT_HARBOR -> {
        HelmRelease release = decoder.decodeSecretData(data);
        assertThat(release.isHarbor()).isFalse();
        assertThat(release.chartValues().isEmpty()).as("nothing decoded").isTrue();
        assertThat(release.config().isEmpty()).as("nothing decoded").isTrue();
      }
      case JUDGED -> assertThat(decoder.decodeSecretData(data).isHarbor()).isTrue();
    }
  }

  @Test
  void boundsTheTokensOfTheTreesItBuilds() throws Exception {
    ObjectNode json = Fixtures.releaseJson("v1.19.1", "ha-ok");
    ObjectNode config = (ObjectNode) json.get("config");
    for (int i = 0; i < ReleaseDecoder.MAX_TREE_TOKENS; i++) {
      config.putArray("k" + i);
    }
    assertThatThrownBy(() -> decoder.parse(Fixtures.JSON.writeValueAsBytes(json)))
        .isInstanceOf(ReleaseDecodeException.class)
        .hasMessageContaining("more than " + ReleaseDecoder.MAX_TREE_TOKENS + " values");
  }

  @Test
  void stopsAtAPassedDeadline() {
    byte[] stored = Fixtures.helmStored(fixture("v1.19.1", "ha-ok")).getBytes(US_ASCII);
    Deadline passed = Deadline.after(Duration.ofNanos(1));
    assertThatThrownBy(() -> decoder.decodeStored(stored, passed))
        .isInstanceOf(Deadline.Exceeded.class);
  }
}
