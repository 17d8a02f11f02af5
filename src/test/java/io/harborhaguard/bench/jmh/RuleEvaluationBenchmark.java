package io.harborhaguard.bench.jmh;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
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

/** All rules over merged values: a compliant release and the chart's defaults (most findings). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEvaluationBenchmark {

  @Param({"v1.19.1/ha-ok", "v1.19.1/default", "v1.3.19/default"})
  public String fixture;

  /**
   * {@code all}: the catalogue; {@code without-db-redis}: without HA-DB-CONNECTIONS and
   * HA-REDIS-SHARED; {@code only-secrets-certs}: HA-SECRETS-PINNED and HA-CERT-PER-RENDER alone.
   */
  @Param({"all", "without-db-redis", "only-db-redis", "only-disruption", "only-secrets-certs"})
  public String rules;

  private PolicyEngine engine = TestRules.engine();
  private final PolicySettings settings = PolicySettings.defaults();
  private HarborValues values;

  @Setup
  public void decode() {
    if (rules.equals("only-disruption") || rules.equals("only-secrets-certs")) {
      java.util.Set<String> ids =
          rules.equals("only-disruption")
              ? java.util.Set.of("HA-DISRUPTION")
              : java.util.Set.of("HA-SECRETS-PINNED", "HA-CERT-PER-RENDER");
      engine =
          new PolicyEngine(
              new RuleCatalog(
                  RuleCatalog.standard().all().stream()
                      .filter(c -> ids.contains(c.id()))
                      .toList()));
    } else if (!rules.equals("all")) {
      boolean only = rules.equals("only-db-redis");
      engine =
          new PolicyEngine(
              new RuleCatalog(
                  RuleCatalog.standard().all().stream()
                      .filter(
                          c ->
                              only
                                  == (c.id().equals("HA-DB-CONNECTIONS")
                                      || c.id().equals("HA-REDIS-SHARED")))
                      .toList()));
    }
    String[] parts = fixture.split("/");
    values = Fixtures.values(parts[0], parts[1]);
  }

  @Benchmark
  public Report evaluateAllRules() {
    return engine.evaluate(values, settings);
  }
}
