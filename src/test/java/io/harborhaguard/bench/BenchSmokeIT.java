package io.harborhaguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.RealServers;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark harness works: references answer, the driver measures (the numbers: bench/run). */
class BenchSmokeIT {

  @Test
  void driverMeasuresBothReferences() throws Exception {
    byte[] release = Fixtures.read(Fixtures.admission("release-secret-create.v1.19.1-ha-ok.json"));
    assertThat(new String(ReferenceEndpoint.answer(release))).contains("\"uid\":\"0f6a3d52-7a0e-4f8e-b7d1-3a3f1c2b9e01\"");
    for (String kind : new String[] {"bare", "minimal"}) {
      int port = RealServers.freePort();
      ReferenceEndpoint.main(new String[] {kind, String.valueOf(port)});
      LoadDriver.Result result = LoadDriver.run(URI.create("https://127.0.0.1:" + port + "/validate"),
          release, 2, Duration.ofSeconds(1), ProcessHandle.current().pid());
      assertThat(result.errors()).as(kind).isZero();
      assertThat(result.rps()).as(kind).isPositive();
      assertThat(result.p99()).as(kind).isGreaterThanOrEqualTo(result.p50());
    }
  }

  @Test
  void dbInitBenchCreatesThenFindsTheDatabases() throws Exception {
    DbInitBench.Timings timings = DbInitBench.inProcess(1);
    assertThat(timings.create()).hasSize(1).allSatisfy(ms -> assertThat(ms).isPositive());
    assertThat(timings.noOp()).hasSize(1).allSatisfy(ms -> assertThat(ms).isPositive());
  }
}
