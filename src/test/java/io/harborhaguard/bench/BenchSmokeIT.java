package io.harborhaguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.TrustAll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness works: the references answer, {@code bench/point} drives one with wrk and
 * reports every figure, and {@code bench/table} turns result lines into ratios (the numbers
 * themselves come from bench/run).
 */
class BenchSmokeIT {

  private static final Path HOME = Path.of("").toAbsolutePath();

  @Test
  void pointMeasuresBothReferences() throws Exception {
    Path release = Fixtures.admission("release-secret-create.v1.19.1-ha-ok.json");
    assertThat(new String(ReferenceEndpoint.answer(Fixtures.read(release))))
        .contains("\"uid\":\"0f6a3d52-7a0e-4f8e-b7d1-3a3f1c2b9e01\"");
    for (String kind : new String[] {"bare", "minimal"}) {
      int port = Ports.freePort();
      ReferenceEndpoint.main(new String[] {kind, String.valueOf(port)});
      String url = "https://127.0.0.1:" + port + "/validate";
      warmUp(url, release);
      Map<String, Double> point = point(url, release, 2, 2, ProcessHandle.current().pid());
      assertThat(point)
          .as(kind)
          .containsKeys("rps", "p50", "p90", "p99", "max", "errors", "cpu_ms_per_request");
      assertThat(point.get("errors")).as(kind).isZero();
      assertThat(point.get("rps")).as(kind).isPositive();
      assertThat(point.get("p99")).as(kind).isGreaterThanOrEqualTo(point.get("p50"));
      assertThat(point.get("cpu_ms_per_request")).as(kind).isPositive();
    }
  }

  @Test
  void pointCountsFailedAnswersAsErrors() throws Exception {
    int port = Ports.freePort();
    ReferenceEndpoint.main(new String[] {"minimal", String.valueOf(port)});
    Path notAReview = Files.writeString(Files.createTempFile("bench", ".json"), "{not json");
    String url = "https://127.0.0.1:" + port + "/validate";
    warmUp(url, notAReview);
    Map<String, Double> point = point(url, notAReview, 1, 2, -1);
    assertThat(point.get("errors")).isPositive();
    assertThat(point.get("cpu_ms_per_request")).as("no pid, no CPU figure").isNaN();
  }

  /** One round of one point, as bench/run writes it. */
  private static String round(String bareErrors, String guard) {
    return String.join(
        "\n",
        "deployment 16 bare rps 1000 p50 1 p90 2 p99 4 max 9 errors "
            + bareErrors
            + " cpu_ms_per_request 0.1",
        "deployment 16 minimal rps 500 p50 2 p90 3 p99 5 max 9 errors 0 cpu_ms_per_request 0.2",
        "deployment 16 guard " + guard,
        "");
  }

  @Test
  void tableGivesTheGuardsRatiosToBothReferences() throws Exception {
    String table =
        run(
            List.of(HOME.resolve("bench/table").toString()),
            round("0", "rps 400 p50 3 p90 4 p99 6 max 9 errors 0 cpu_ms_per_request 0.3"));
    assertThat(table)
        .contains("| deployment | 16 | 400 | 0.40x | 0.80x | 3.00 | 3.00x | 1.50x |")
        .contains("| 0.300 | 3.00x | 1.50x | 0/0/0 |");
  }

  @Test
  void tableTakesTheMedianOfRoundsAndSumsTheirErrors() throws Exception {
    String results =
        round("0", "rps 100 p50 9 p90 9 p99 9 max 90 errors 2 cpu_ms_per_request 0.9")
            + round("1", "rps 400 p50 3 p90 4 p99 6 max 9 errors 0 cpu_ms_per_request 0.3")
            + round("0", "rps 450 p50 2 p90 3 p99 5 max 8 errors 1 cpu_ms_per_request 0.25");
    String table = run(List.of(HOME.resolve("bench/table").toString()), results);
    assertThat(table)
        .contains(
            "| deployment | 16 | 400 | 0.40x | 0.80x | 3.00 | 3.00x | 1.50x | 4.00 | 6.00 | 1.20x | 9.0 |")
        .contains("| 0.300 | 3.00x | 1.50x | 1/0/3 |");
  }

  private static Map<String, Double> point(
      String url, Path body, int connections, int seconds, long pid) throws Exception {
    String line =
        run(
            List.of(
                HOME.resolve("bench/point").toString(),
                url,
                body.toString(),
                String.valueOf(connections),
                String.valueOf(seconds),
                pid > 0 ? String.valueOf(pid) : ""),
            "");
    String[] fields = line.trim().split(" ");
    Map<String, Double> figures = new HashMap<>();
    for (int i = 0; i + 1 < fields.length; i += 2) {
      figures.put(fields[i], Double.parseDouble(fields[i + 1]));
    }
    return figures;
  }

  /** One request first: a cold server's first TLS handshake can outlast a short point. */
  private static void warmUp(String url, Path body) throws Exception {
    HttpClient.newBuilder()
        .sslContext(TrustAll.context())
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofFile(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
  }

  private static String run(List<String> command, String stdin) throws Exception {
    Commands.Result result =
        Commands.run(command, stdin.getBytes(StandardCharsets.UTF_8), Map.of(), Path.of(""));
    assertThat(result.exit()).as(result.output()).isZero();
    return result.stdout();
  }

  @Test
  void dbInitBenchCreatesThenFindsTheDatabases() throws Exception {
    DbInitBench.Timings timings = DbInitBench.inProcess(1);
    assertThat(timings.create()).hasSize(1).allSatisfy(ms -> assertThat(ms).isPositive());
    assertThat(timings.noOp()).hasSize(1).allSatisfy(ms -> assertThat(ms).isPositive());
  }
}
