package io.harborhaguard.bench.jmh;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.rules.values.SecretLookup;
import io.harborhaguard.policy.rules.values.SecretsReferencedRule;
import io.harborhaguard.testing.Fixtures;
import java.nio.charset.StandardCharsets;
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
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * HA-SECRETS-REFERENCED over the v1.19.1 HA release: as it is (no Secret named), and naming a
 * database, a Redis and a registry credentials Secret whose htpasswd line has bcrypt cost 5 ({@code
 * htpasswd -B}) or 10 (the chart's own). The Secrets are in memory: the API reads are not in the
 * figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SecretsReferencedBenchmark {

  @Param({"none", "5", "10"})
  public String cost;

  private final SecretsReferencedRule rule = new SecretsReferencedRule();
  private HarborValues values;
  private SecretLookup secrets;

  @Setup
  public void values() {
    if (cost.equals("none")) {
      values = Fixtures.values("v1.19.1", "ha-ok");
      secrets = name -> new SecretLookup.Missing();
      return;
    }
    values =
        Fixtures.values(
            "v1.19.1",
            "ha-ok",
            c -> {
              Fixtures.set(c, "registry.credentials.existingSecret", "reg-creds");
              Fixtures.set(c, "database.external.existingSecret", "harbor-db");
              Fixtures.set(c, "redis.external.existingSecret", "harbor-redis");
            });
    String line =
        "harbor_registry_user:"
            + BCrypt.hashpw("Registry-pass-2", BCrypt.gensalt("$2y", Integer.parseInt(cost)));
    Map<String, SecretLookup.Result> byName =
        Map.of(
            "reg-creds",
            new SecretLookup.Found(
                Map.of(
                    "REGISTRY_PASSWD", bytes("Registry-pass-2"),
                    "REGISTRY_HTPASSWD", bytes(line))),
            "harbor-db",
            new SecretLookup.Found(Map.of("password", bytes("db"))),
            "harbor-redis",
            new SecretLookup.Found(Map.of("REDIS_PASSWORD", bytes("redis"))));
    secrets = byName::get;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public SecretsReferencedRule.Checked check() {
    return rule.check(values, secrets);
  }
}
