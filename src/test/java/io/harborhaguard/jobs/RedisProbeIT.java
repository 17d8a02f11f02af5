package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.cli.CliRunner;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code job redis-probe} against real redis-server and Sentinel processes, one misconfigured per
 * case; each is found, and a fit one passes.
 */
class RedisProbeIT {

  /** The indexes of a 1.19.1 release with trivy: core 0, jobservice 1, registry 2, trivy 5. */
  private static final Map<String, Integer> INDEXES =
      Map.of(
          "coreDatabaseIndex",
          0,
          "jobserviceDatabaseIndex",
          1,
          "registryDatabaseIndex",
          2,
          "trivyAdapterIndex",
          5);

  private static RealServers servers;
  private static int fit;

  @BeforeAll
  static void start() throws Exception {
    servers = new RealServers();
    fit = servers.redisWith("--appendonly", "yes", "--maxmemory-policy", "noeviction");
  }

  @AfterAll
  static void stop() {
    servers.close();
  }

  private static RedisProbe.Result probe(int port) {
    return probe(List.of("127.0.0.1:" + port), Optional.empty());
  }

  private static RedisProbe.Result probe(List<String> endpoints, Optional<String> masterSet) {
    return new RedisProbe(Duration.ofSeconds(5))
        .probe(
            new RedisProbe.Target(
                endpoints, masterSet, INDEXES, Optional.empty(), Optional.empty()));
  }

  @Test
  void aFitServerPasses() {
    RedisProbe.Result result = probe(fit);
    assertThat(result.problems()).isEmpty();
    assertThat(result.facts())
        .containsEntry("role", "master")
        .containsEntry("cluster_enabled", "0")
        .containsEntry("maxmemory-policy", "noeviction")
        .containsEntry("aof_enabled", "1")
        .containsEntry("databases", "16");
  }

  @Test
  void aReplicaIsNotAMaster() throws Exception {
    int replica =
        servers.redisWith("--appendonly", "yes", "--replicaof", "127.0.0.1", String.valueOf(fit));
    assertThat(probe(replica).problems())
        .singleElement()
        .asString()
        .startsWith("role is slave, not master");
  }

  @Test
  void clusterModeIsRefused() throws Exception {
    int cluster = servers.redisWith("--appendonly", "yes", "--cluster-enabled", "yes");
    assertThat(probe(cluster).problems())
        .singleElement()
        .asString()
        .startsWith("cluster mode is on");
  }

  @Test
  void anIndexBeyondTheServersDatabasesIsNamed() throws Exception {
    int four = servers.redisWith("--appendonly", "yes", "--databases", "4");
    assertThat(probe(four).problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "trivyAdapterIndex is 5 but the server has databases 4 (indexes 0-3): Harbor's SELECT"
                + " fails");
  }

  @Test
  void anEvictingPolicyIsRefused() throws Exception {
    int lru =
        servers.redisWith(
            "--appendonly", "yes", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru");
    assertThat(probe(lru).problems())
        .singleElement()
        .asString()
        .startsWith("maxmemory-policy is allkeys-lru");
  }

  @Test
  void noPersistenceIsRefused() throws Exception {
    int volatileOnly = servers.redisWith("--appendonly", "no", "--save", "");
    assertThat(probe(volatileOnly).problems())
        .singleElement()
        .asString()
        .startsWith("persistence is off");
  }

  @Test
  void aSentinelWithoutPasswordNamesTheMasterWhichIsProbed() throws Exception {
    int sentinel = servers.sentinel(fit, "harbor", null);
    RedisProbe.Result result = probe(List.of("127.0.0.1:" + sentinel), Optional.of("harbor"));
    assertThat(result.problems()).isEmpty();
    assertThat(result.facts()).containsEntry("master", "127.0.0.1:" + fit);
  }

  @Test
  void aSentinelAskingForAPasswordIsRefused() throws Exception {
    int sentinel = servers.sentinel(fit, "harbor", "sentinel-pw-8812");
    RedisProbe.Result result = probe(List.of("127.0.0.1:" + sentinel), Optional.of("harbor"));
    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains("asks for a password (NOAUTH)")
        .doesNotContain("sentinel-pw-8812");
  }

  @Test
  void anUnreachableServerIsSaidWithinTheDeadline() throws Exception {
    int closed = Ports.freePort();
    long start = System.nanoTime();
    RedisProbe.Result result = probe(closed);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    assertThat(result.problems()).singleElement().asString().startsWith("cannot reach Redis");
  }

  @Test
  void theCommandProbesTheReleasesRedisAndSendsItsPassword() throws Exception {
    int secured = servers.redisWith("--appendonly", "yes", "--requirepass", "harbor-redis-pw-3301");
    Path values = Files.createTempFile("values", ".yaml");
    Files.writeString(
        values,
        Files.readString(Fixtures.root().resolve("checks/HA-REDIS-SHARED/site-a@1.19.1.yaml"))
            + "    password: harbor-redis-pw-3301\n");
    CliRunner.Run run =
        CliRunner.redisProbe(
            "--release-file",
            values.toString(),
            "--chart-version",
            "1.19.1",
            "--addr",
            "127.0.0.1:" + secured);
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains("role: master").contains("fit for Harbor");
    assertThat(run.out()).doesNotContain("harbor-redis-pw-3301");

    CliRunner.Run wrong =
        CliRunner.redisProbe(
            "--release-file",
            values.toString(),
            "--chart-version",
            "1.19.1",
            "--addr",
            "127.0.0.1:" + fit,
            "--format",
            "json");
    // the fit server has no password: AUTH is refused, and said so without the password
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.out())
        .contains("refused Harbor's credentials")
        .doesNotContain("harbor-redis-pw-3301");
  }

  @Test
  void aTlsRedisIsNotProbedAndGetsNoPassword() throws Exception {
    Path values = Files.createTempFile("values", ".yaml");
    Files.writeString(
        values,
        Files.readString(Fixtures.root().resolve("checks/HA-REDIS-SHARED/site-a@1.19.1.yaml"))
            + "    password: tls-redis-pw-9031\n    tlsOptions:\n      enable: true\n");
    CliRunner.Run run =
        CliRunner.redisProbe(
            "--release-file",
            values.toString(),
            "--chart-version",
            "1.19.1",
            "--addr",
            "127.0.0.1:" + fit);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).doesNotContain("tls-redis-pw-9031");
  }
}
