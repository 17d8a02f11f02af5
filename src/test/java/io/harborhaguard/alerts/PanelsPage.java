package io.harborhaguard.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The dashboard's panels drawn from what a real Prometheus answered to each panel's query, as one
 * self-contained page (inline SVG; nothing loaded): Grafana itself cannot run here, so this is the
 * dashboard's data laid out as its panels are (gridPos), not Grafana's rendering. Time series are
 * range queries over the test's run, stats and tables instant queries.
 */
final class PanelsPage {

  /** The Prometheus the panels ask. */
  interface Prometheus {
    List<JsonNode> instant(String promql) throws Exception;

    List<JsonNode> range(String promql, long start, long end, long step) throws Exception;
  }

  private static final int ROW = 27;
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };
  private static final String STYLE =
      """
      body{font:13px/1.35 system-ui,sans-serif;margin:0;background:#111217;color:#ccccdc}
      h1{font-size:17px;font-weight:500;margin:10px 14px 2px}
      p.note{margin:0 14px 8px;color:#8e8e9e;font-size:12px}
      .grid{position:relative;margin:0 8px}
      .panel{position:absolute;box-sizing:border-box;background:#181b1f;border:1px solid #2c3235;\
      border-radius:3px;padding:6px 8px;overflow:hidden}
      .panel h2{font-size:13px;font-weight:500;margin:0 0 4px;color:#d8d9da}
      .stat{font-size:34px;font-weight:500;color:#73bf69;margin-top:14px}
      .legend{font-size:11px;color:#9fa3ad}.legend span{margin-right:10px;white-space:nowrap}
      table{border-collapse:collapse;width:100%;font-size:11px}
      td,th{border-bottom:1px solid #2c3235;padding:2px 4px;text-align:left}
      th{color:#9fa3ad;font-weight:500}
      code{font-size:10px;color:#6e7280}
      """;

  private PanelsPage() {}

  static String html(JsonNode dashboard, Prometheus prometheus, long start, long end)
      throws Exception {
    Document page = Document.createShell("");
    page.outputSettings().prettyPrint(false);
    page.head().appendElement("meta").attr("charset", "utf-8");
    page.head().appendElement("title").text("harbor-ha-guard dashboard, as data");
    page.head().appendElement("style").appendChild(new DataNode(STYLE));
    Element body = page.body();
    body.appendElement("h1").text("harbor-ha-guard dashboard: its panels' queries, as data");
    body.appendElement("p")
        .addClass("note")
        .text(
            "Each panel's PromQL run against a real Prometheus scraping the packaged guard"
                + " (MonitoringPackagedIT), laid out as the dashboard's grid; Grafana itself does"
                + " not run here.");
    Element grid = body.appendElement("div").addClass("grid");
    int bottom = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      JsonNode pos = panel.path("gridPos");
      bottom = Math.max(bottom, pos.path("y").asInt() + pos.path("h").asInt());
      Element box =
          grid.appendElement("div")
              .addClass("panel")
              .attr(
                  "style",
                  String.format(
                      Locale.ROOT,
                      "left:%.3f%%;top:%dpx;width:%.3f%%;height:%dpx",
                      pos.path("x").asInt() * 100.0 / 24,
                      pos.path("y").asInt() * ROW,
                      pos.path("w").asInt() * 100.0 / 24,
                      pos.path("h").asInt() * ROW - 4));
      box.appendElement("h2").text(panel.path("title").asText());
      String unit = panel.at("/fieldConfig/defaults/unit").asText("");
      int width = pos.path("w").asInt() * 52;
      int height = pos.path("h").asInt() * ROW - 64;
      switch (panel.path("type").asText()) {
        case "stat" -> stat(box, panel, prometheus, unit);
        case "table" -> table(box, panel, prometheus, unit);
        default -> series(box, panel, prometheus, start, end, width, Math.max(height, 40), unit);
      }
    }
    grid.attr("style", "height:" + (bottom * ROW + 10) + "px");
    return "<!DOCTYPE html>\n" + page.outerHtml() + "\n";
  }

  private static void stat(Element box, JsonNode panel, Prometheus prometheus, String unit)
      throws Exception {
    String expr = MonitoringChart.expanded(panel.at("/targets/0/expr").asText());
    List<JsonNode> result = prometheus.instant(expr);
    String value = result.isEmpty() ? "—" : format(result.get(0).at("/value/1").asDouble(), unit);
    box.appendElement("div").addClass("stat").text(value);
    box.appendElement("code").text(panel.at("/targets/0/expr").asText());
  }

  private static void table(Element box, JsonNode panel, Prometheus prometheus, String unit)
      throws Exception {
    String expr = MonitoringChart.expanded(panel.at("/targets/0/expr").asText());
    List<JsonNode> result = prometheus.instant(expr);
    List<String> labels = new ArrayList<>();
    for (JsonNode series : result) {
      series
          .path("metric")
          .fieldNames()
          .forEachRemaining(
              l -> {
                if (!labels.contains(l) && !l.equals("instance") && !l.equals("job")) {
                  labels.add(l);
                }
              });
    }
    Element table = box.appendElement("table");
    Element head = table.appendElement("tr");
    labels.forEach(l -> head.appendElement("th").text(l));
    head.appendElement("th").text("value");
    for (JsonNode series : result) {
      Element row = table.appendElement("tr");
      labels.forEach(l -> row.appendElement("td").text(series.path("metric").path(l).asText("")));
      row.appendElement("td").text(format(series.at("/value/1").asDouble(), unit));
    }
  }

  private static void series(
      Element box,
      JsonNode panel,
      Prometheus prometheus,
      long start,
      long end,
      int width,
      int height,
      String unit)
      throws Exception {
    long step = Math.max(1, (end - start) / 120);
    List<String> names = new ArrayList<>();
    List<List<double[]>> lines = new ArrayList<>();
    for (JsonNode target : panel.path("targets")) {
      String expr = MonitoringChart.expanded(target.path("expr").asText());
      for (JsonNode series : prometheus.range(expr, start, end, step)) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode value : series.path("values")) {
          double v = value.get(1).asDouble();
          if (Double.isFinite(v)) {
            points.add(new double[] {value.get(0).asDouble(), v});
          }
        }
        names.add(legend(target.path("legendFormat").asText(""), series.path("metric")));
        lines.add(points);
      }
    }
    // series with data first, so the legend's colours name them (a zero series draws on the axis)
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Double.compare(peak(lines.get(b)), peak(lines.get(a))));
    List<String> sortedNames = new ArrayList<>();
    List<List<double[]>> sortedLines = new ArrayList<>();
    order.forEach(
        i -> {
          sortedNames.add(names.get(i));
          sortedLines.add(lines.get(i));
        });
    names.clear();
    names.addAll(sortedNames);
    lines.clear();
    lines.addAll(sortedLines);
    double max = 0;
    for (List<double[]> points : lines) {
      for (double[] p : points) {
        max = Math.max(max, p[1]);
      }
    }
    if (max <= 0) {
      max = 1;
    }
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">"
                    + "<line x1=\"40\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#2c3235\"/>"
                    + "<text x=\"0\" y=\"10\" fill=\"#9fa3ad\" font-size=\"10\">%s</text>"
                    + "<text x=\"0\" y=\"%d\" fill=\"#9fa3ad\" font-size=\"10\">0</text>",
                width,
                height,
                height - 2,
                width,
                height - 2,
                format(max, unit),
                height - 4));
    for (int i = 0; i < lines.size(); i++) {
      StringBuilder path = new StringBuilder();
      for (double[] p : lines.get(i)) {
        double x = 40 + (p[0] - start) * (width - 42) / Math.max(1, end - start);
        double y = height - 2 - p[1] * (height - 14) / max;
        path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"")
          .append(COLOURS[i % COLOURS.length])
          .append("\" points=\"")
          .append(path.toString().trim())
          .append("\"/>");
    }
    svg.append("</svg>");
    box.append(svg.toString());
    Element legend = box.appendElement("div").addClass("legend");
    for (int i = 0; i < names.size() && i < 8; i++) {
      legend
          .appendElement("span")
          .attr("style", "color:" + COLOURS[i % COLOURS.length])
          .text("— " + names.get(i));
    }
    if (names.size() > 8) {
      legend.appendElement("span").text("+" + (names.size() - 8) + " more");
    }
  }

  private static double peak(List<double[]> points) {
    double peak = 0;
    for (double[] p : points) {
      peak = Math.max(peak, p[1]);
    }
    return peak;
  }

  /** Grafana's {@code {{label}}} legend format over a series' labels. */
  private static String legend(String format, JsonNode metric) {
    if (format.isEmpty()) {
      return metric.toString();
    }
    String text = format;
    Iterator<Map.Entry<String, JsonNode>> labels = metric.fields();
    while (labels.hasNext()) {
      Map.Entry<String, JsonNode> label = labels.next();
      text = text.replace("{{" + label.getKey() + "}}", label.getValue().asText());
    }
    return text;
  }

  private static String format(double value, String unit) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    if ("s".equals(unit)) {
      double abs = Math.abs(value);
      String sign = value < 0 ? "-" : "";
      if (abs >= 86400) {
        return String.format(Locale.ROOT, "%s%.1f days", sign, abs / 86400);
      }
      if (abs >= 3600) {
        return String.format(Locale.ROOT, "%s%.1f h", sign, abs / 3600);
      }
      if (abs >= 1) {
        return String.format(Locale.ROOT, "%s%.0f s", sign, abs);
      }
      return String.format(Locale.ROOT, "%s%.0f ms", sign, abs * 1000);
    }
    if ("ops".equals(unit)) {
      return String.format(Locale.ROOT, "%.3f/s", value);
    }
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.3f", value);
  }
}
