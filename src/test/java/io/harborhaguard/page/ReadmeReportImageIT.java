package io.harborhaguard.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.lint.LintInput;
import io.harborhaguard.lint.Linter;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.report.Input;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import io.harborhaguard.testing.Chromium;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.ReadmeImages;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The README's picture of the HTML report: {@code lint --format html} of two fixture releases
 * (chart 1.19.1 with its internal database, and with one replica per component, whose HA-REPLICAS
 * findings an exemption accepts; HA-KEY-KNOWN off), opened in Chromium as a person would, kept as
 * target/browser/readme-report.png and, with {@code -Dreadme.images.write=true}, as
 * docs/images/report.png.
 */
class ReadmeReportImageIT {

  @Test
  void theReportAsAPersonSeesIt() throws Exception {
    Exemption exemption =
        new Exemption(
            "harbor/harbor",
            "HA-REPLICAS",
            "one node until the lab's second host arrives",
            Exemption.parseExpiry("2999-12-31"),
            "2999-12-31",
            "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-REPLICAS\"");
    Linter linter =
        new Linter(
            TestRules.engine(),
            // the fixtures carry keys of every chart era, whose HA-KEY-KNOWN warnings would fill
            // the picture; lint --config can turn the rule off the same way
            new PolicySettings(
                    PolicySettings.DEFAULT_MIN_REPLICAS, Set.of(), Map.of("HA-KEY-KNOWN", Mode.OFF))
                .withExemptions(List.of(exemption)),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    List<Input> inputs = new ArrayList<>();
    for (String name : List.of("v-replicas", "v-internal-db")) {
      Path file = new Fixtures.Case("v1.19.1", name).file(".release.json");
      inputs.add(
          linter
              .lint(
                  LintInput.read(
                      "values/" + name + ".release.json",
                      Fixtures.read(file),
                      new ReleaseDecoder()))
              .toInput());
    }
    String html =
        ReportFormat.html.write(
            RunReport.of("lint", "file", inputs), TestRules.engine().catalog().all(), "0.1.0");
    Files.createDirectories(Chromium.SCREENSHOTS);
    Path page = Chromium.SCREENSHOTS.resolve("readme-report.html").toAbsolutePath();
    Files.writeString(page, html);
    try (Chromium chromium = Chromium.start()) {
      assertThat(chromium.open(page.toUri().toString())).as("console errors").isEmpty();
      var driver = chromium.driver();
      assertThat(
              driver.findElements(By.cssSelector("section.rule")).stream()
                  .map(e -> e.getAttribute("data-rule")))
          .contains("HA-DB-EXTERNAL", "HA-REPLICAS");
      assertThat(
              driver.findElements(By.cssSelector(".exemption")).stream().map(WebElement::getText))
          .isNotEmpty()
          .allMatch(t -> t.contains("one node until the lab's second host arrives"));
      ReadmeImages.keep(chromium.screenshot("readme-report.png"), "report.png");
    }
  }
}
