package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.harborhaguard.config.BlockingCalls;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.testing.TestRules;
import io.smallrye.config.PropertiesConfigSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Namespace lookups through the real client against an API server that answers slowly. */
class NamespaceAnnotationsTest {

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
    ExecutorService reviews = Executors.newFixedThreadPool(16);
    try {
      List<Future<NamespaceAnnotations.Info>> infos = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        infos.add(reviews.submit(() -> annotations.info("team-a")));
      }
      Thread.sleep(300); // the reviews arrive while the first read waits for its answer
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
}
