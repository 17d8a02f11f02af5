package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TrustAll;
import io.harborhaguard.testing.Verdicts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Load and hostile inputs over real HTTPS: bounded time and memory, clear answers, no 5xx. */
@QuarkusTest
class ReliabilityIT {

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .sslContext(TrustAll.context())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private HttpResponse<String> post(HttpClient client, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(validate.toString()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One request body and the allowed value its answer must carry. */
  private record Sample(byte[] body, boolean allowed) {}

  @Test
  void tenThousandMixedReviewsAtConcurrency64AllAnsweredCorrectly() throws Exception {
    List<Sample> samples = new ArrayList<>();
    for (Fixtures.Case c : Fixtures.releaseCases()) {
      samples.add(
          new Sample(
              Fixtures.JSON.writeValueAsBytes(Reviews.forCase(c)), Verdicts.expected(c).allowed()));
    }
    // A core Deployment with one replica, applied without a release: refused by HA-REPLICAS.
    samples.add(
        new Sample(
            Fixtures.read(Fixtures.admission("deployment-create.v1.19.1-core-1-replica.json")),
            false));
    HttpClient client = client();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        Sample sample = samples.get(i % samples.size());
        answers.add(
            pool.submit(
                () -> {
                  HttpResponse<String> response = post(client, sample.body());
                  return response.statusCode() == 200
                      && Fixtures.JSON.readTree(response.body()).at("/response/allowed").asBoolean()
                          == sample.allowed();
                }));
      }
      long wrong = 0;
      for (Future<Boolean> answer : answers) {
        wrong += answer.get() ? 0 : 1;
      }
      assertThat(wrong).as("errors or wrong verdicts among 10,000 reviews").isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hostileBodiesGetClearFourHundreds() throws Exception {
    HttpClient client = client();
    byte[] nested =
        ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
                + "[".repeat(200_000)
                + "]".repeat(200_000)
                + "}")
            .getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> deep = post(client, nested);
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.body()).contains("malformed AdmissionReview");

    byte[] invalidUtf8 = Fixtures.read(Fixtures.admission(Reviews.CAPTURED_SECRET_CREATE));
    invalidUtf8[200] = (byte) 0xC3;
    invalidUtf8[201] = (byte) 0x28;
    assertThat(post(client, invalidUtf8).statusCode()).isEqualTo(400);

    ObjectNode padded = Reviews.captured(Reviews.CAPTURED_SECRET_CREATE);
    ((ObjectNode) padded.at("/request/object/metadata/labels"))
        .put("padding", "x".repeat(3 * 1024 * 1024));
    HttpResponse<String> big = post(client, Fixtures.JSON.writeValueAsBytes(padded));
    assertThat(big.statusCode()).as("3 MB is within the 4 MiB bound and is judged").isEqualTo(200);
  }

  @Test
  void gzipBombInAReleaseSecretIsRefusedQuickly() throws Exception {
    byte[] bomb =
        ("{\"name\": " + " ".repeat(64 * 1024 * 1024) + "\"x\"}")
            .getBytes(StandardCharsets.US_ASCII);
    ObjectNode review =
        Reviews.releaseSecret("harbor", "harbor", 1, "pending-install", Fixtures.secretData(bomb));
    byte[] body = Fixtures.JSON.writeValueAsBytes(review);
    assertThat(body.length).as("the bomb is small on the wire").isLessThan(1024 * 1024);
    long start = System.nanoTime();
    JsonNode response = Fixtures.JSON.readTree(post(client(), body).body()).get("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .contains("larger than the limit of " + ReleaseDecoder.MAX_BEFORE_CHART_BYTES + " bytes");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("bounded work")
        .isLessThan(Duration.ofSeconds(5));
  }
}
