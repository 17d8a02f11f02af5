package io.harborhaguard.report;

import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

/**
 * The report as one self-contained HTML page a person reads: per input (a file, release, node or
 * site) its findings grouped by rule, each with the rule's title, the values key, the message and
 * the fix. The page is built as a jsoup document tree, so every text of the report (release names,
 * keys, messages) is escaped by construction; it loads nothing and runs no script, which its own
 * Content-Security-Policy enforces in the browser.
 */
public final class HtmlReport {

  /** The page's only style; its hash is the one style the page's policy allows. */
  static final String STYLE =
      """
      body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;\
      color:#1d2330;background:#f5f6f8}
      header,main,footer{max-width:1100px;margin:0 auto;padding:0 20px}
      header{padding-top:18px}
      h1{font-size:22px;margin:0 0 6px}
      h2{font-size:18px;margin:0 0 4px;word-break:break-all}
      h3{font-size:15px;margin:0 0 6px}
      code{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
      .summary span{display:inline-block;margin:0 6px 6px 0;padding:2px 9px;border-radius:10px;\
      background:#e4e7ec}
      .summary .enforce{background:#fbd5d5}.summary .warn{background:#fdf0c4}
      .summary .mutate{background:#d6e4fb}.summary .errors{background:#f3c8c8}
      section.input{background:#fff;border:1px solid #d9dde4;border-radius:6px;margin:14px 0;\
      padding:14px 16px}
      .meta{color:#5b6473;margin:0 0 10px}
      section.rule{border-left:4px solid #9aa3b2;padding:2px 0 2px 12px;margin:10px 0}
      section.rule.enforce{border-color:#c81e1e}section.rule.warn{border-color:#d69e00}
      section.rule.mutate{border-color:#1c64f2}
      .rule-title{font-weight:400;color:#3b4250}
      ul.findings{list-style:none;margin:0;padding:0}
      ul.findings li{margin:0 0 10px}
      .mode{display:inline-block;font-size:12px;padding:0 7px;border-radius:8px;background:#e4e7ec;\
      margin-right:6px}
      .mode.enforce{background:#fbd5d5}.mode.warn{background:#fdf0c4}.mode.mutate{background:#d6e4fb}
      .mode.exempt{background:#e0d9f5}.summary .exempt{background:#e0d9f5}
      section.rule.exempt{border-color:#6b4fbb}
      .exemption{margin:2px 0;color:#4b3a8c}
      .subject{font-weight:600;margin-right:6px}
      .message{margin:2px 0}
      .fix{margin:2px 0;padding:6px 8px;background:#f0f4f0;border-radius:4px}
      .fix code{white-space:pre-wrap}
      .error{color:#9b1c1c;font-weight:600}
      .clean{color:#1f6f3f}
      table{border-collapse:collapse;background:#fff}
      td,th{border:1px solid #d9dde4;padding:3px 8px;text-align:left}
      footer{color:#5b6473;padding-bottom:24px}
      """;

  /**
   * What the page may do: nothing but its own inline style and an empty icon (so the browser asks
   * the server for no favicon). A policy in a {@code meta} element cannot carry {@code
   * frame-ancestors}; a server adds it as a header ({@link #SERVED_POLICY}).
   */
  public static final String POLICY =
      "default-src 'none'; style-src '"
          + sha256(STYLE)
          + "'; img-src data:; base-uri 'none'; form-action 'none'";

  /** The policy of the page as a server sends it: also never inside a frame. */
  public static final String SERVED_POLICY = POLICY + "; frame-ancestors 'none'";

  private HtmlReport() {}

  /**
   * The report as an HTML page; {@code catalogue} gives rule titles, {@code version} the tool's.
   */
  public static String write(RunReport report, List<Rule> catalogue, String version) {
    Map<String, String> titles = new LinkedHashMap<>();
    catalogue.forEach(c -> titles.put(c.id(), c.metadata().title()));
    Document page = Document.createShell("");
    page.outputSettings().charset(StandardCharsets.UTF_8).prettyPrint(false);
    page.prependChild(new DocumentType("html", "", ""));
    page.selectFirst("html").attr("lang", "en");
    head(page.head(), "harbor-ha-guard " + report.command() + " report");

    Element body = page.body();
    Element header = body.appendElement("header");
    header.appendElement("h1").text("harbor-ha-guard " + report.command() + " report");
    summary(header.appendElement("p").addClass("summary"), report);

    Element main = body.appendElement("main");
    for (Input input : report.inputs()) {
      Element section = inputSection(main, input.name(), report.kind());
      meta(section, input);
      if (input.failed()) {
        section.appendElement("p").addClass("error").text("Not judged: " + input.error());
        continue;
      }
      findings(section, input.findings(), input.name(), titles);
      notes(section, input.notes());
    }
    if (!report.across().isEmpty()) {
      Element section = inputSection(main, "Across " + report.kind() + "s", "");
      findings(section, report.across(), "", titles);
    }
    if (!report.notes().isEmpty()) {
      Element section = main.appendElement("section").addClass("input").addClass("run-notes");
      section.appendElement("h2").text("Notes");
      notes(section, report.notes());
    }
    if (!report.modes().isEmpty()) {
      modes(main.appendElement("section").addClass("input").addClass("modes"), report.modes());
    }
    body.appendElement("footer").appendElement("p").text("harbor-ha-guard " + version);
    return page.outerHtml() + "\n";
  }

  private static void head(Element head, String title) {
    head.appendElement("meta").attr("charset", "utf-8");
    head.appendElement("meta")
        .attr("http-equiv", "Content-Security-Policy")
        .attr("content", POLICY);
    head.appendElement("meta")
        .attr("name", "viewport")
        .attr("content", "width=device-width, initial-scale=1");
    head.appendElement("title").text(title);
    head.appendElement("link").attr("rel", "icon").attr("href", "data:,");
    head.appendElement("style").appendChild(new DataNode(STYLE));
  }

  private static void summary(Element line, RunReport report) {
    RunReport.Summary s = report.summary();
    line.appendElement("span").addClass("judged").text(s.judged() + " " + report.kind() + "(s)");
    line.appendElement("span").addClass("enforce").text(s.enforce() + " enforce");
    line.appendElement("span").addClass("mutate").text(s.mutate() + " mutate");
    line.appendElement("span").addClass("warn").text(s.warn() + " warn");
    line.appendElement("span").addClass("advisory").text(s.advisory() + " advisory");
    line.appendElement("span").addClass("exempt").text(s.exempt() + " exempt");
    line.appendElement("span").addClass("errors").text(s.errors() + " unreadable");
  }

  private static Element inputSection(Element main, String name, String kind) {
    Element section = main.appendElement("section").addClass("input").attr("data-input", name);
    Element title = section.appendElement("h2");
    if (!kind.isEmpty()) {
      title.appendElement("span").addClass("kind").text(kind + " ");
    }
    title.appendElement("span").addClass("name").text(name);
    return section;
  }

  private static void meta(Element section, Input input) {
    List<String> parts = new ArrayList<>();
    if (!input.release().isEmpty() && !input.release().equals(input.name())) {
      parts.add("release " + input.release());
    }
    if (!input.chartVersion().isEmpty()) {
      parts.add("chart " + input.chartVersion());
    }
    if (!input.file().isEmpty() && !input.file().equals(input.name())) {
      parts.add("read from " + input.file());
    }
    if (!parts.isEmpty()) {
      section.appendElement("p").addClass("meta").text(String.join(" · ", parts));
    }
  }

  /** The findings grouped by rule, in the order the rules first appear. */
  private static void findings(
      Element section, List<Input.Located> findings, String input, Map<String, String> titles) {
    if (findings.isEmpty()) {
      section.appendElement("p").addClass("clean").text("No findings.");
      return;
    }
    Map<String, List<Input.Located>> byRule = new LinkedHashMap<>();
    findings.forEach(
        l -> byRule.computeIfAbsent(l.finding().ruleId(), k -> new ArrayList<>()).add(l));
    for (Map.Entry<String, List<Input.Located>> rule : byRule.entrySet()) {
      Element group =
          section
              .appendElement("section")
              .addClass("rule")
              .addClass(strongest(rule.getValue()))
              .attr("data-rule", rule.getKey());
      Element heading = group.appendElement("h3");
      heading.appendElement("code").addClass("rule-id").text(rule.getKey());
      String title = titles.getOrDefault(rule.getKey(), "");
      if (!title.isEmpty()) {
        heading.appendText(" ");
        heading.appendElement("span").addClass("rule-title").text(title);
      }
      Element list = group.appendElement("ul").addClass("findings");
      for (Input.Located located : rule.getValue()) {
        finding(list.appendElement("li").addClass("finding"), located, input);
      }
    }
  }

  private static void finding(Element item, Input.Located located, String input) {
    String mode = FindingFormat.modeLabel(located.finding());
    item.appendElement("span").addClass("mode").addClass(mode).text(mode);
    if (!located.subject().isEmpty() && !located.subject().equals(input)) {
      item.appendElement("span").addClass("subject").text(located.subject());
    }
    String key = located.finding().violation().valuesKey();
    if (key != null && !key.isEmpty()) {
      item.appendElement("code").addClass("key").text(key);
    }
    item.appendElement("p").addClass("message").text(located.finding().violation().message());
    Exemption exemption = located.finding().exemption();
    if (exemption != null) {
      item.appendElement("p")
          .addClass("exemption")
          .text(
              "Exempt until "
                  + exemption.expiresAsWritten()
                  + " ("
                  + exemption.source()
                  + "): "
                  + exemption.reason());
    }
    String remediation = located.finding().violation().remediation();
    if (remediation != null && !remediation.isEmpty()) {
      Element fix = item.appendElement("p").addClass("fix");
      fix.appendElement("strong").text("Fix: ");
      fix.appendElement("code").addClass("remediation").text(remediation);
    }
  }

  /** The mode a rule's group is marked with: the strongest of its findings. */
  private static String strongest(List<Input.Located> findings) {
    List<String> order =
        List.of("enforce", "mutate", "warn", FindingFormat.ADVISORY, FindingFormat.EXEMPT);
    return findings.stream()
        .map(l -> FindingFormat.modeLabel(l.finding()))
        .min((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)))
        .orElse(FindingFormat.ADVISORY)
        .toLowerCase(Locale.ROOT);
  }

  private static void notes(Element section, List<String> notes) {
    if (notes.isEmpty()) {
      return;
    }
    Element list = section.appendElement("ul").addClass("notes");
    notes.forEach(n -> list.appendElement("li").text(n));
  }

  private static void modes(Element section, List<ModeInForce> modes) {
    section.appendElement("h2").text("Modes in force");
    Element table = section.appendElement("table");
    Element head = table.appendElement("thead").appendElement("tr");
    head.appendElement("th").text("rule");
    head.appendElement("th").text("mode");
    head.appendElement("th").text("from");
    Element rows = table.appendElement("tbody");
    for (ModeInForce m : modes) {
      Element row = rows.appendElement("tr");
      row.appendElement("td").appendElement("code").text(m.rule());
      row.appendElement("td").text(m.mode().label());
      row.appendElement("td").text(m.from());
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java platform has SHA-256
    }
  }
}
