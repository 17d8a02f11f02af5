package io.harborhaguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.cli.CliRunner;
import io.harborhaguard.cli.LintInput;
import io.harborhaguard.cli.Linter;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.policy.Check;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import io.harborhaguard.testing.SecretValues;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * {@code --format html}: one page over the report model, grouped by input and rule, with the fixes;
 * every text from the input is escaped, and the page loads nothing from elsewhere.
 */
public class HtmlReportTest {

  public static final String MARKUP = "<script>alert(1)</script>";
  private static final List<Check> CATALOGUE = TestRules.engine().catalog().all();

  /**
   * A lint report over real fixtures: the chart's defaults, an HA values set, and a record whose
   * release name and one values key are markup.
   */
  static RunReport lintSample() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    ObjectNode marked = Fixtures.releaseJson("v1.19.1", "v-internal-db");
    marked.put("name", MARKUP);
    ((ObjectNode) marked.get("config")).put(MARKUP, "x");
    List<Input> inputs =
        List.of(
            lint(
                linter,
                "values/" + MARKUP + ".release.json",
                Fixtures.JSON.writeValueAsBytes(marked)),
            lint(linter, new Fixtures.Case("v1.19.1", "default").file(".release.json")),
            lint(linter, new Fixtures.Case("v1.19.1", "ha-ok").file(".release.json")),
            Input.unreadable("broken.yaml", "not valid YAML or JSON: " + MARKUP));
    return RunReport.of("lint", "file", inputs);
  }

  private static Input lint(Linter linter, Path file) throws Exception {
    return lint(linter, file.toString(), Fixtures.read(file));
  }

  private static Input lint(Linter linter, String name, byte[] bytes) throws Exception {
    return linter.lint(LintInput.read(name, bytes)).toInput();
  }

  public static String lintHtml() throws Exception {
    return ReportFormat.html.write(lintSample(), CATALOGUE, "test");
  }

  @Test
  void markupInAReleaseNameAndAValuesKeyIsText() throws Exception {
    String html = lintHtml();
    assertThat(html).doesNotContain(MARKUP).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    Document page = Jsoup.parse(html);
    assertThat(page.select("script")).isEmpty();
    Element marked = page.selectFirst("section.input[data-input*=script]");
    assertThat(marked.selectFirst("h2 .name").text())
        .isEqualTo("values/" + MARKUP + ".release.json");
    assertThat(marked.selectFirst(".meta").text()).contains("release harbor/" + MARKUP);
    assertThat(marked.select("section.rule[data-rule=HA-KEY-KNOWN] .finding").text())
        .as("the unknown key is named as text")
        .contains(MARKUP);
    assertThat(page.select("section.input[data-input=broken.yaml] .error").text())
        .isEqualTo("Not judged: not valid YAML or JSON: " + MARKUP);
  }

  @Test
  void findingsAreGroupedByInputThenRuleWithTitlesAndFixes() throws Exception {
    RunReport report = lintSample();
    Document page = Jsoup.parse(ReportFormat.html.write(report, CATALOGUE, "test"));
    assertThat(page.select("main > section.input[data-input]")).hasSize(report.inputs().size());
    for (Input input : report.inputs()) {
      Element section =
          page.selectFirst(
              "section.input[data-input=\"" + input.name().replace("\"", "\\\"") + "\"]");
      assertThat(section).as(input.name()).isNotNull();
      List<String> rules =
          input.findings().stream().map(l -> l.finding().ruleId()).distinct().toList();
      assertThat(section.select("section.rule").eachAttr("data-rule"))
          .as("one group per rule, in the order found")
          .containsExactlyElementsOf(rules);
      for (Input.Located located : input.findings()) {
        Element group =
            section.selectFirst("section.rule[data-rule=" + located.finding().ruleId() + "]");
        assertThat(group.selectFirst(".rule-title").text())
            .isEqualTo(TestRules.engine().catalog().require(located.finding().ruleId()).title());
        assertThat(group.select(".remediation").eachText())
            .contains(located.finding().violation().remediation());
      }
    }
    Element internal = page.selectFirst("section.input[data-input*=script]");
    assertThat(internal.selectFirst("section.rule[data-rule=HA-DB-EXTERNAL]").classNames())
        .as("a refusing rule is marked enforce")
        .contains("enforce");
    RunReport.Summary s = report.summary();
    assertThat(page.selectFirst(".summary .enforce").text()).isEqualTo(s.enforce() + " enforce");
    assertThat(page.selectFirst(".summary .errors").text()).isEqualTo("1 unreadable");
    SecretValues.assertNoneIn("HTML report", page.text());
  }

  @Test
  void thePageLoadsNothingAndItsPolicyAllowsOnlyItsOwnStyle() throws Exception {
    Document page = Jsoup.parse(lintHtml());
    assertThat(page.select("[src]")).isEmpty();
    assertThat(page.select("[href]").eachAttr("href")).containsOnly("data:,");
    assertThat(page.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
        .isEqualTo(HtmlReport.POLICY)
        .startsWith("default-src 'none'; style-src 'sha256-");
    assertThat(page.select("style")).hasSize(1);
    assertThat(page.selectFirst("style").data())
        .as("the style the policy's hash names, byte for byte")
        .isEqualTo(HtmlReport.STYLE);
    assertThat(page.select("[style]")).as("no inline style attribute").isEmpty();
  }

  @Test
  void nodesWriteOneSectionPerNode() throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    Path n1 = InstallerNodes.haNode(site, "n1", "2.15.0", keys);
    Path n2 = InstallerNodes.asShipped(site, "n2", "2.15.0");
    CliRunner.Run run = CliRunner.nodes("--format=html", n1.toString(), n2.toString());
    assertThat(run.exit()).isEqualTo(1);
    CliRunner.Run json = CliRunner.nodes("--format=json", n1.toString(), n2.toString());
    Document page = Jsoup.parse(run.out());
    assertThat(page.title()).isEqualTo("harbor-ha-guard nodes report");
    assertThat(page.select("main > section.input .kind").eachText()).contains("node", "node");
    for (com.fasterxml.jackson.databind.JsonNode result :
        Fixtures.JSON.readTree(json.out()).get("results")) {
      assertThat(page.select("section.rule").eachAttr("data-rule"))
          .contains(result.get("rule").asText());
      assertThat(page.select(".remediation").eachText())
          .contains(result.get("remediation").asText());
    }
  }
}
