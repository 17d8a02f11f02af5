package io.harborhaguard.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.admission.AdmissionReviews;
import io.harborhaguard.admission.ObjectReviewer;
import io.harborhaguard.admission.ReleaseReviewer;
import io.harborhaguard.admission.ReviewOutcome;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.TestRules;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An object verdict on /validate, from the body's bytes to the answer: the captured core Deployment
 * CREATE with one replica (refused by HA-REPLICAS), the core Secret's UPDATE from one render to
 * another (both keys fingerprinted, refused), and a scale request of the core to one replica.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObjectReviewBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Param({"deployment", "core-secret-update", "scale"})
  public String body;

  private final ObjectReviewer reviewer =
      new ObjectReviewer(
          TestRules.engine(),
          PolicySettings.defaults(),
          namespace -> Map.of(),
          ObjectReviewer.Targets.NONE,
          ReleaseReviewer.Scope.DEFAULT);
  private byte[] bytes;

  @Setup
  public void build() throws Exception {
    bytes =
        switch (body) {
          case "deployment" ->
              Fixtures.read(Fixtures.admission("deployment-create.v1.19.1-core-1-replica.json"));
          case "core-secret-update" ->
              review(
                  "",
                  "v1",
                  "Secret",
                  coreSecret("v-unpinned-secrets"),
                  coreSecret("default"),
                  "harbor-core");
          default -> {
            ObjectNode scale = JSON.createObjectNode();
            scale.put("apiVersion", "autoscaling/v1").put("kind", "Scale");
            scale.putObject("metadata").put("name", "harbor-core").put("namespace", "harbor");
            scale.putObject("spec").put("replicas", 1);
            scale
                .putObject("status")
                .put("replicas", 3)
                .put("selector", "app=harbor,component=core,release=harbor");
            yield review("autoscaling", "v1", "Scale", scale, null, "harbor-core");
          }
        };
  }

  private static JsonNode coreSecret(String name) {
    return Manifests.of("v1.19.1", name).stream()
        .filter(o -> "Secret".equals(o.path("kind").asText()))
        .filter(o -> "harbor-core".equals(o.path("metadata").path("name").asText()))
        .findFirst()
        .orElseThrow();
  }

  private static byte[] review(
      String group, String version, String kind, JsonNode object, JsonNode old, String name)
      throws Exception {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "bench");
    request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    request.put("namespace", "harbor").put("name", name).put("operation", "UPDATE");
    request.set("object", object);
    if (old != null) {
      request.set("oldObject", old);
    }
    return JSON.writeValueAsBytes(review);
  }

  @Benchmark
  public ReviewOutcome review() throws Exception {
    return reviewer.review(AdmissionReviews.parse(JSON, bytes));
  }
}
