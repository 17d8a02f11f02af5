package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.LogCapture;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TrustAll;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The review log as shipped: a refusal is one INFO line with its uid, rule ids and duration; a
 * plain admission is not logged at INFO (metrics count it). ReviewAuditLogIT turns every review on.
 */
@QuarkusTest
class ReviewLogIT {

  @TestHTTPResource(value = "/", tls = true)
  URL base;

  static String post(URL base, String path, byte[] body) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base.toString() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  static byte[] allowedObject() {
    return Fixtures.read(Fixtures.admission("deployment-create.v1.19.1-core-1-replica.json"));
  }

  static byte[] refusedRelease() throws Exception {
    return Fixtures.JSON.writeValueAsBytes(
        Reviews.forCase(new Fixtures.Case("v1.19.1", "v-internal-db")));
  }

  @Test
  void refusalsAreLoggedAndPlainAdmissionsAreNot() throws Exception {
    LogCapture log = LogCapture.install();
    try {
      assertThat(post(base, "mutate", allowedObject())).contains("\"allowed\":true");
      assertThat(post(base, "validate", refusedRelease())).contains("\"allowed\":false");
      // The console handler is asynchronous, in order: once the refusal is logged, so is all
      // before.
      await("the refusal's log line")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(log.lines())
                      .anyMatch(
                          l ->
                              l.contains("webhook=validate")
                                  && l.contains("decision=refused")
                                  && l.contains("HA-DB-EXTERNAL")
                                  && l.contains("durationMs=")));
      assertThat(log.lines())
          .noneMatch(l -> l.contains("webhook=mutate") && l.contains("decision=allowed"));
    } finally {
      log.uninstall();
    }
  }
}
