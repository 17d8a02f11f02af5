package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.TrustAll;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A caller of /validate names the kind and operation of its review: 1,000 forged reviews with 1,000
 * distinct kinds and operations make no more meters than the closed sets allow.
 */
@QuarkusTest
class ReviewMetricsIT {

  static final int FORGED = 1000;

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @Inject MeterRegistry registry;

  private Collection<Timer> timers() {
    return registry.find("harbor_ha_guard.admission.review").timers();
  }

  @Test
  void forgedKindsAndOperationsMakeABoundedNumberOfMeters() throws Exception {
    int before = timers().size();
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(TrustAll.context())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    for (int i = 0; i < FORGED; i++) {
      String review =
          """
          {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
           "uid":"forged-%d","kind":{"group":"evil.example","version":"v1","kind":"Kind%d"},
           "operation":"OPERATION%d","namespace":"default","name":"x","object":{}}}"""
              .formatted(i, i, i);
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(validate.toURI())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(review))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
    Set<String> kinds = new TreeSet<>();
    Set<String> operations = new TreeSet<>();
    for (Timer timer : timers()) {
      kinds.add(timer.getId().getTag("kind"));
      operations.add(timer.getId().getTag("operation"));
    }
    assertThat(kinds).contains("other");
    assertThat(ReviewMetrics.KINDS)
        .containsAll(kinds.stream().filter(k -> !k.equals("other")).toList());
    assertThat(operations).contains("other");
    assertThat(ReviewMetrics.OPERATIONS)
        .containsAll(operations.stream().filter(o -> !o.equals("other")).toList());
    assertThat(timers().size() - before).as("meters added by the forged reviews").isLessThan(10);
    Timer other =
        registry
            .find("harbor_ha_guard.admission.review")
            .tags("webhook", "validate", "kind", "other", "operation", "other")
            .timer();
    assertThat(other).isNotNull();
    assertThat(other.count()).isGreaterThanOrEqualTo(FORGED);
  }
}
