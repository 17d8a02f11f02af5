package io.harborhaguard.helm.release;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * One pass over a release record's JSON that builds a tree of only what the rules read, and only
 * for a Harbor chart: the release's identity, {@code info.status}, {@code chart.metadata}, and for
 * Harbor (goharbor's chart, a fork, or an umbrella with it as a dependency: {@link ChartIdentity})
 * {@code chart.values} and {@code config}, and an umbrella's {@code chart.lock}. Everything else
 * (templates, files, manifest, hooks, any field Helm does not write, and for another chart its
 * values too) is skipped token by token, never built. Helm writes the chart's metadata before its
 * values and the chart before the user's values. A record is read to its end even for another
 * chart: a repeated field (two charts, two metadata) would make Helm, which keeps the last, read
 * another record than the first.
 */
final class RecordStream {

  /** Told once the chart is known to be Harbor, before anything of it is built. */
  @FunctionalInterface
  interface HarborFound {
    void found() throws IOException;
  }

  private final ObjectMapper mapper;
  private final JsonParser parser;
  private final HarborFound onHarbor;
  private final ChartIdentity identity;
  private final ObjectNode root = JsonNodeFactory.instance.objectNode();
  private final ObjectNode chart = JsonNodeFactory.instance.objectNode();
  private Boolean harbor;
  private boolean umbrella;
  private boolean configBeforeChart;
  private final Set<String> seen = new HashSet<>();

  RecordStream(
      ObjectMapper mapper, JsonParser budgeted, HarborFound onHarbor, ChartIdentity identity) {
    this.mapper = mapper;
    this.identity = identity;
    this.parser = budgeted;
    this.onHarbor = onHarbor;
  }

  /** The release's fields the rules read, or of another chart only its identity. */
  ObjectNode read() throws IOException, ReleaseDecodeException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new ReleaseDecodeException("the release is not a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      releaseField(field);
    }
    if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
      throw new ReleaseDecodeException("the release is not a single JSON object");
    }
    return root;
  }

  /**
   * A field the guard reads may come once: Go merges a repeated object where Jackson keeps the
   * last, so a record with two would be judged other than Helm reads it.
   */
  private void releaseField(String field) throws IOException, ReleaseDecodeException {
    switch (field) {
      case "name", "namespace", "version" -> scalar(root, once(field));
      case "info" -> {
        once(field);
        info();
      }
      case "chart" -> {
        once(field);
        chart();
      }
      case "config" -> {
        once(field);
        if (harbor == null) {
          configBeforeChart = true; // not Helm's order: refused if the chart is Harbor
        }
        if (Boolean.TRUE.equals(harbor)) {
          root.set("config", tree());
        } else {
          parser.skipChildren();
        }
      }
      default -> parser.skipChildren();
    }
  }

  private String once(String field) throws ReleaseDecodeException {
    if (!seen.add(field)) {
      throw new ReleaseDecodeException("the release holds " + field + " twice");
    }
    return field;
  }

  private void info() throws IOException {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    if (parser.currentToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("status".equals(field)) {
          scalar(info, field);
        } else {
          parser.skipChildren();
        }
      }
    } else {
      parser.skipChildren();
    }
    root.set("info", info);
  }

  private void chart() throws IOException, ReleaseDecodeException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return;
    }
    root.set("chart", chart);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      if ("metadata".equals(field) || "values".equals(field) || "lock".equals(field)) {
        once("chart." + field);
      }
      if ("metadata".equals(field)) {
        JsonNode metadata = tree();
        chart.set(field, metadata);
        ChartKind kind = identity.of(metadata);
        harbor =
            kind == ChartKind.HARBOR || kind == ChartKind.UMBRELLA || kind == ChartKind.BITNAMI;
        umbrella =
            kind == ChartKind.UMBRELLA
                || (kind == ChartKind.BITNAMI
                    && !HelmRelease.HARBOR_CHART.equals(HelmRelease.text(metadata, "name")));
        if (harbor && configBeforeChart) {
          throw new ReleaseDecodeException(
              "the release's config comes before its chart, which Helm never writes");
        }
        if (harbor) {
          onHarbor.found();
        }
      } else if ("lock".equals(field) && umbrella) {
        chart.set(field, tree()); // the dependency versions Helm resolved: a few lines
      } else if ("values".equals(field)) {
        if (harbor == null) {
          throw new ReleaseDecodeException(
              "the chart's values come before its metadata, which Helm never writes");
        }
        if (harbor) {
          chart.set(field, tree());
        } else {
          parser.skipChildren();
        }
      } else {
        parser.skipChildren();
      }
    }
  }

  /** A string or number field as it is; any other shape is kept as null, never built. */
  private void scalar(ObjectNode into, String field) throws IOException {
    if (parser.currentToken().isScalarValue()) {
      into.set(field, mapper.readTree(parser));
    } else {
      parser.skipChildren();
    }
  }

  private JsonNode tree() throws IOException {
    return mapper.readTree(parser);
  }
}
