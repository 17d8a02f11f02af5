package io.harborhaguard.helm.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Era detection against the chart facts (components and keys per chart version). */
class HarborChartTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // version, clair, chartmuseum, notary, trivy, exporter, redis addr, jobLoggers list, xsrf key
    "1.0.0, true, true, true, false, false, false, false, false",
    "1.3.19, true, true, true, false, false, false, false, true",
    "1.4.0, true, true, true, true, false, false, false, true",
    "1.5.6, true, true, true, true, false, true, false, true",
    "1.6.0, false, true, true, true, true, true, true, true",
    "1.11.4, false, true, true, true, true, true, true, true",
    "1.12.0, false, false, true, true, true, true, true, true",
    "1.13.0, false, false, false, true, true, true, true, true",
    "1.19.1, false, false, false, true, true, true, true, true"
  })
  void componentsAndKeysFollowTheChartVersion(
      String version,
      boolean clair,
      boolean chartmuseum,
      boolean notary,
      boolean trivy,
      boolean exporter,
      boolean redisAddr,
      boolean jobLoggers,
      boolean xsrfKey) {
    HarborChart chart = HarborChart.of(ChartVersion.parse(version));
    assertThat(chart.hasClair()).as("clair").isEqualTo(clair);
    assertThat(chart.hasChartmuseum()).as("chartmuseum").isEqualTo(chartmuseum);
    assertThat(chart.hasNotary()).as("notary").isEqualTo(notary);
    assertThat(chart.hasTrivy()).as("trivy").isEqualTo(trivy);
    assertThat(chart.hasExporter()).as("exporter").isEqualTo(exporter);
    assertThat(chart.hasRedisAddr()).as("redis addr").isEqualTo(redisAddr);
    assertThat(chart.hasJobLoggersList()).as("jobLoggers").isEqualTo(jobLoggers);
    assertThat(chart.hasXsrfKey()).as("xsrfKey").isEqualTo(xsrfKey);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1.0.1, true",
    "1.1.0, false",
    "1.3.16, false",
    "1.3.17, true",
    "1.9.5, false",
    "1.9.6, true",
    "1.10.3, false",
    "1.10.4, true",
    "1.11.0, false",
    "1.11.1, true",
    "1.12.0, true",
    "1.19.1, true"
  })
  void knowsWhichChartsMakeANewTokenKeyPerRender(String version, boolean perRender) {
    assertThat(HarborChart.of(ChartVersion.parse(version)).generatesTokenKeyPerRender())
        .isEqualTo(perRender);
  }
}
