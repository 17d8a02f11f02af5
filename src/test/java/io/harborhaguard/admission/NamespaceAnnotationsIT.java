package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.testing.TestRules;
import io.smallrye.config.PropertiesConfigSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Namespace lookups through the real client against an API server that answers slowly. */
class NamespaceAnnotationsIT {

  private static final String NAMESPACE_JSON =
      """
      {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a",
       "annotations":{"harbor-ha-guard.io/ha-group":"prod"}}}""";

  private final AtomicInteger reads = new AtomicInteger();
  private final CountDownLatch answer = new CountDownLatch(1);
  private HttpServer apiServer;
  private KubernetesClient client;
  private NamespaceAnnotations annotations;

  @BeforeEach
  void start() throws Exception {
    apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    apiServer.setExecutor(Executors.newCachedThreadPool());
    apiServer.createContext(
        "/api/v1/namespaces/team-a",
        exchange -> {
          reads.incrementAndGet();
          try {
            answer.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = NAMESPACE_JSON.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    apiServer.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + apiServer.getAddress().getPort())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    GuardConfig config =
        GuardConfigs.builder()
            .withSources(
                new PropertiesConfigSource(
                    Map.of("harbor-ha-guard.namespaces.lookup-timeout", "10s"), "test", 100))
            .build()
            .getConfigMapping(GuardConfig.class);
    annotations =
        new NamespaceAnnotations(
            client, config, TestRules.engine(), new KubernetesApiStatus(), new BlockingCalls());
  }

  @AfterEach
  void stop() {
    answer.countDown();
    client.close();
    apiServer.stop(0);
  }

  @Test
  void aBurstOfReviewsReadsTheNamespaceOnce() throws Exception {
    ThreadPoolExecutor reviews = (ThreadPoolExecutor) Executors.newFixedThreadPool(16);
    try {
      List<Future<NamespaceAnnotations.Info>> infos = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        infos.add(reviews.submit(() -> annotations.info("team-a")));
      }
      // The reviews arrive while the first read waits for its answer.
      await("16 reviews waiting on one read")
          .atMost(Duration.ofSeconds(10))
          .until(() -> reads.get() == 1 && reviews.getActiveCount() == 16);
      answer.countDown();
      for (Future<NamespaceAnnotations.Info> info : infos) {
        assertThat(info.get(10, TimeUnit.SECONDS).haGroup()).contains("prod");
      }
    } finally {
      reviews.shutdownNow();
    }
    assertThat(reads).hasValue(1);
  }

  @Test
  void aReadThatEndedLeavesNothingBehind() {
    answer.countDown();
    assertThat(annotations.info("team-a").haGroup()).contains("prod");
    annotations.invalidate();
    assertThat(annotations.info("team-a").haGroup()).isEqualTo(Optional.of("prod"));
    assertThat(reads).hasValue(2);
  }

  private NamespaceAnnotations withConfig(Map<String, String> properties) {
    GuardConfig config =
        GuardConfigs.builder()
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build()
            .getConfigMapping(GuardConfig.class);
    return new NamespaceAnnotations(
        client, config, TestRules.engine(), new KubernetesApiStatus(), new BlockingCalls());
  }

  /**
   * configured mode (empty: the rule's default), loosen setting, the annotation's rule and mode,
   * and whether it is honoured.
   */
  @ParameterizedTest(name = "{0} configured {1}, loosen={2}: {3}={4} honoured {5}")
  @CsvSource({
    // tightening is always honoured
    "HA-SECRET-KEY,       ,        false, HA-SECRET-KEY,       enforce, true",
    "HA-SECRET-KEY,       ,        false, HA-SECRET-KEY,       mutate,  true",
    "HA-DB-EXTERNAL,      warn,    false, HA-DB-EXTERNAL,      enforce, true",
    "HA-REPLICAS,         mutate,  false, HA-REPLICAS,         enforce, true",
    "HA-DB-EXTERNAL,      ,        false, HA-DB-EXTERNAL,      enforce, true",
    // loosening is not, unless the operator allows it
    "HA-DB-EXTERNAL,      ,        false, HA-DB-EXTERNAL,      warn,    false",
    "HA-DB-EXTERNAL,      ,        false, HA-DB-EXTERNAL,      off,     false",
    "HA-REPLICAS,         ,        false, HA-REPLICAS,         mutate,  true",
    "HA-REPLICAS,         mutate,  false, HA-REPLICAS,         warn,    false",
    "HA-SECRET-KEY,       ,        false, HA-SECRET-KEY,       off,     false",
    "HA-SECRET-KEY,       enforce, false, HA-SECRET-KEY,       warn,    false",
    "HA-GROUP-CONSISTENT, ,        false, HA-GROUP-CONSISTENT, off,     false",
    "HA-GROUP-CONSISTENT, warn,    false, HA-GROUP-CONSISTENT, off,     false",
    "HA-RELEASE-READABLE, ,        false, HA-RELEASE-READABLE, off,     false",
    "HA-RELEASE-READABLE, ,        false, HA-RELEASE-READABLE, warn,    false",
    "HA-DB-EXTERNAL,      ,        true,  HA-DB-EXTERNAL,      warn,    true",
    "HA-DB-EXTERNAL,      ,        true,  HA-DB-EXTERNAL,      off,     true",
    "HA-GROUP-CONSISTENT, ,        true,  HA-GROUP-CONSISTENT, off,     true",
    "HA-RELEASE-READABLE, ,        true,  HA-RELEASE-READABLE, warn,    true",
    // never off, whatever the setting
    "HA-RELEASE-READABLE, ,        true,  HA-RELEASE-READABLE, off,     false",
    "HA-RELEASE-READABLE, warn,    true,  HA-RELEASE-READABLE, off,     false",
  })
  void annotationsOnlyTightenUnlessLooseningIsAllowed(
      String configuredRule,
      String configured,
      boolean loosen,
      String rule,
      String requested,
      boolean honoured) {
    Map<String, String> properties = new java.util.HashMap<>();
    properties.put("harbor-ha-guard.namespace-overrides.loosen", Boolean.toString(loosen));
    if (configured != null) {
      properties.put("harbor-ha-guard.mode.\"" + configuredRule + "\"", configured);
    }
    Namespace ns =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("team-b")
            .withAnnotations(Map.of(NamespaceAnnotations.MODE_PREFIX + rule, requested))
            .endMetadata()
            .build();
    NamespaceAnnotations.Info info = withConfig(properties).parse("team-b", ns);
    Mode mode = Mode.parse(requested);
    if (honoured) {
      assertThat(info.modes()).containsEntry(rule, mode);
      assertThat(info.notHonoured()).isEmpty();
      assertThat(NamespaceAnnotations.notHonouredNote("team-b", info)).isEmpty();
    } else {
      assertThat(info.modes()).doesNotContainKey(rule);
      assertThat(info.notHonoured()).containsEntry(rule, mode);
      assertThat(NamespaceAnnotations.notHonouredNote("team-b", info))
          .get()
          .asString()
          .contains("namespace team-b")
          .contains(NamespaceAnnotations.MODE_PREFIX + rule + ": " + requested)
          .contains("not honoured");
    }
  }
}
