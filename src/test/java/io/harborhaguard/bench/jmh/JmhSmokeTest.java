package io.harborhaguard.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The microbenchmarks run (one short iteration in this JVM), so bench/jmh keeps working. */
class JmhSmokeTest {

  @Test
  void everyBenchmarkRunsAndMeasures() throws Exception {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(JmhSmokeTest.class.getPackageName() + ".*Benchmark")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200))
                    .shouldFailOnError(true)
                    .build())
            .run();

    // 2 decoder methods x 2 bodies + 1 rule method x 3 fixtures x 5 rule sets + 3 Secret sets
    // + 3 object bodies
    assertThat(results).hasSize(25);
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
  }
}
