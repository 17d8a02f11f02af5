package io.harborhaguard.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.jobs.PolicyReportScan;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.report.HtmlReport;
import io.harborhaguard.report.HtmlReportTest;
import io.harborhaguard.testing.Chromium;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.SecretValues;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The HTML report and the audit page as a person sees them, in Debian's Chromium: they load without
 * a console error (a blocked load or style, a script, a failed request would be one), the rule ids
 * and fixes are in the DOM, markup from the input is shown as text; screenshots go to
 * target/browser.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ReportPagesBrowserIT {

  @TestHTTPResource(value = "/audit", tls = true)
  URL audit;

  @Inject KubernetesClient client;
  @Inject PolicyEngine engine;
  @Inject PolicySettings settings;
  @Inject ReleaseDecoder decoder;
  @Inject AuditPage page;

  @Test
  void theLintReportShowsMarkupAsTextAndLoadsCleanly() throws Exception {
    Files.createDirectories(Chromium.SCREENSHOTS);
    Path file = Chromium.SCREENSHOTS.resolve("lint-report.html").toAbsolutePath();
    Files.writeString(file, HtmlReportTest.lintHtml());
    try (Chromium chromium = Chromium.start()) {
      assertThat(chromium.open(file.toUri().toString())).as("console errors").isEmpty();
      var driver = chromium.driver();
      assertThat(driver.executeScript("return document.scripts.length")).isEqualTo(0L);
      assertThat(driver.findElements(By.cssSelector("h2 .name")).stream().map(WebElement::getText))
          .contains("values/" + HtmlReportTest.MARKUP + ".release.json");
      assertThat(
              driver.findElements(By.cssSelector("section.rule")).stream()
                  .map(e -> e.getAttribute("data-rule")))
          .contains("HA-DB-EXTERNAL", "HA-KEY-KNOWN");
      assertThat(
              driver
                  .findElement(By.cssSelector("section.rule.enforce"))
                  .getCssValue("border-left-color"))
          .as("the page's own style applies (its hash is in the policy)")
          .isEqualTo("rgba(200, 30, 30, 1)");
      chromium.screenshot("lint-report.png");
    }
  }

  @Test
  void theAuditPageShowsTheLatestScanWithItsFixes() throws Exception {
    release("audit-web", "v1.19.1", "v-internal-db");
    release("audit-ha", "v1.19.1", "ha-ok");
    List<PolicyReportScan.Audit> audits = new ArrayList<>();
    new PolicyReportScan(client, engine, settings, Duration.ofMillis(10), decoder)
        .inNamespaces(List.of("audit-web", "audit-ha"))
        .onAudit(
            a -> {
              audits.add(a);
              page.show(a);
            })
        .run();
    List<Finding> findings =
        audits.get(0).releases().stream().flatMap(r -> r.findings().stream()).toList();
    assertThat(findings).extracting(Finding::ruleId).contains("HA-DB-EXTERNAL");

    try (Chromium chromium = Chromium.start()) {
      assertThat(chromium.open(audit.toString())).as("console errors").isEmpty();
      var driver = chromium.driver();
      assertThat(driver.getTitle()).isEqualTo("harbor-ha-guard audit report");
      assertThat(driver.findElements(By.cssSelector("h2 .name")).stream().map(WebElement::getText))
          .containsExactly("audit-ha/harbor", "audit-web/harbor");
      assertThat(
              driver.findElements(By.cssSelector("section.rule")).stream()
                  .map(e -> e.getAttribute("data-rule"))
                  .distinct())
          .containsExactlyInAnyOrderElementsOf(
              findings.stream().map(Finding::ruleId).distinct().toList());
      assertThat(
              driver.findElements(By.cssSelector(".remediation")).stream().map(WebElement::getText))
          .containsExactlyInAnyOrderElementsOf(
              findings.stream().map(f -> f.violation().remediation()).toList());
      assertThat(driver.findElements(By.cssSelector("form, a[href], script, input, button")))
          .as("nothing on the page acts")
          .isEmpty();
      String text = driver.findElement(By.tagName("body")).getText();
      SecretValues.assertNoneIn("audit page", driver.getPageSource());
      assertThat(text).contains("Scan completed at").contains("judged every 10m.");
      chromium.screenshot("audit-page.png");
    }
  }

  @Test
  void theAuditPageAnswersGetOnly() {
    Response get = given().relaxedHTTPSValidation().get(audit);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(get.header("Content-Security-Policy")).isEqualTo(HtmlReport.SERVED_POLICY);
    assertThat(get.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(get.header("Cache-Control")).isEqualTo("no-store");
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      assertThat(given().relaxedHTTPSValidation().request(method, audit).statusCode())
          .as(method)
          .isEqualTo(405);
    }
  }

  /** A deployed Harbor release stored as Helm stores it, revision 1. */
  private void release(String namespace, String tag, String caseName) throws Exception {
    ObjectNode json = Fixtures.releaseJson(tag, caseName);
    json.put("namespace", namespace);
    json.put("version", 1);
    ((ObjectNode) json.get("info")).put("status", "deployed");
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.harbor.v1")
                .withNamespace(namespace)
                .withLabels(
                    Map.of("owner", "helm", "name", "harbor", "status", "deployed", "version", "1"))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(json)))
                .build())
        .create();
  }
}
