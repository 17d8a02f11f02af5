package io.harborhaguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** bench/run starts the guard with the Deployment's environment and the shipped policy. */
class ShippedGuardTest {

  @Test
  void theBenchmarkedGuardGetsTheDeploymentsEnvironmentAndPolicy() throws Exception {
    Path work = Files.createTempDirectory("shipped");
    Path tls = work.resolve("tls");
    var lines = ShippedGuard.environment(Path.of("k8s/base/deployment.yaml"), tls);
    assertThat(lines)
        .contains("HARBOR_HA_GUARD_TLS_GENERATE=false")
        .contains("HARBOR_HA_GUARD_TLS_CHECK_INTERVAL=10s")
        .contains("QUARKUS_TLS_KEY_STORE_PEM_SERVING_CERT=" + tls.resolve("tls.crt"))
        .anySatisfy(line -> assertThat(line).startsWith("JAVA_OPTS=-Xmx160m "))
        .noneMatch(line -> line.contains(ShippedGuard.MOUNTED_TLS));

    ShippedGuard.main(
        new String[] {
          "k8s/base/deployment.yaml", "webhook/policy.properties", tls.toString(), work.toString()
        });
    assertThat(tls.resolve("tls.crt")).isNotEmptyFile();
    assertThat(work.resolve("config/application.properties"))
        .hasSameTextualContentAs(Path.of("webhook/policy.properties"));
  }
}
