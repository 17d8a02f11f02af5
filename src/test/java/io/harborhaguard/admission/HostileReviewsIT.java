package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.LogCapture;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TrustAll;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Bodies built to exhaust the guard, from any client that reaches the port: each gets a definite
 * HTTP answer at once. One review thread and a queue of one, so a burst overflows it.
 */
@QuarkusTest
@TestProfile(HostileReviewsIT.OneThread.class)
class HostileReviewsIT {

  public static class OneThread implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("harbor-ha-guard.review-threads", "1", "harbor-ha-guard.review-queue", "1");
    }
  }

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  private final HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();

  @Test
  void aBodyOfTooManyTokensIsA400NamingTheBound() throws Exception {
    ObjectNode review = Reviews.captured(Reviews.CAPTURED_SECRET_CREATE);
    String body =
        Fixtures.JSON
            .writeValueAsString(review)
            .replaceFirst(
                "\"request\":\\{",
                "\"request\":{\"junk\":[" + "[],".repeat(ReviewJsonLimits.MAX_TOKENS / 2) + "[]],");
    HttpResponse<String> answer = post(body.getBytes(StandardCharsets.UTF_8)).join();
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("Token count").contains("exceeds");
  }

  @Test
  void aBodyNestedTooDeepIsA400NamingTheBound() throws Exception {
    String nested = "[".repeat(100_000) + "]".repeat(100_000);
    String body =
        Fixtures.JSON
            .writeValueAsString(Reviews.captured(Reviews.CAPTURED_SECRET_CREATE))
            .replaceFirst("\"request\":\\{", "\"request\":{\"junk\":" + nested + ",");
    HttpResponse<String> answer = post(body.getBytes(StandardCharsets.UTF_8)).join();
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("nesting depth");
  }

  @Test
  void aBurstBeyondTheQueueIsAnswered429AndTheQueueDrains() throws Exception {
    byte[] release =
        Fixtures.JSON.writeValueAsBytes(
            Reviews.forCaseIn("burst", new Fixtures.Case("v1.19.1", "v-replicas")));
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      burst.add(post(release));
    }
    List<Integer> statuses = burst.stream().map(f -> f.join().statusCode()).toList();
    assertThat(statuses).containsOnly(200, 429).contains(200).contains(429);
    assertThat(post(release).join().statusCode()).as("after the burst").isEqualTo(200);
  }

  @Test
  void bodyFieldsAreLoggedBoundedOnOneLine() throws Exception {
    ObjectNode review = Reviews.forCaseIn("logged", new Fixtures.Case("v1.19.1", "v-replicas"));
    ObjectNode request = (ObjectNode) review.get("request");
    request.put("name", "forged\nINFO a line of the caller's " + "x".repeat(10_000));
    LogCapture log = LogCapture.install();
    try {
      assertThat(post(Fixtures.JSON.writeValueAsBytes(review)).join().statusCode()).isEqualTo(200);
      List<String> lines =
          log.lines().stream().filter(line -> line.contains("webhook=validate")).toList();
      assertThat(lines).isNotEmpty();
      assertThat(lines)
          .allSatisfy(
              line -> {
                assertThat(line).doesNotContain("\n").doesNotContain("x".repeat(200));
                assertThat(line.length()).isLessThan(1_000);
              });
    } finally {
      log.uninstall();
    }
  }

  private CompletableFuture<HttpResponse<String>> post(byte[] body) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create(validate.toString()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
