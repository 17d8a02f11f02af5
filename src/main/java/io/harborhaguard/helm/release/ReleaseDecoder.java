package io.harborhaguard.helm.release;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.harborhaguard.limits.Deadline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The one decoder of Helm release records: the webhook, the jobs, the audit scan and {@code lint}
 * all read releases through an instance configured with {@code harbor-ha-guard.max-release-bytes}.
 * Decodes Helm 3/4 release records as Helm stores them in a Secret of type {@code
 * helm.sh/release.v1}: the value Helm writes is base64 of gzip of the release JSON (older Helm
 * wrote it without gzip). The decompressed size is bounded so a small, hostile record cannot
 * exhaust memory.
 */
public final class ReleaseDecoder {

  public static final String RELEASE_SECRET_TYPE = "helm.sh/release.v1";

  /**
   * Real Harbor release records are 0.31 MB (chart 1.3.19) to 0.62 MB (chart 1.19.1) of JSON; the
   * limit leaves six times the largest. Records of other charts are read only up to their metadata,
   * so the limit never refuses them for their size.
   */
  public static final long DEFAULT_MAX_RELEASE_BYTES = 4L * 1024 * 1024;

  /**
   * What a record may hold before its chart is known (a record of another chart is never read
   * further): skipped token by token, never built, so it costs time, not memory (64 MiB of
   * whitespace or empty arrays: well under a second).
   */
  public static final long MAX_BEFORE_CHART_BYTES = 64L * 1024 * 1024;

  /**
   * Tokens the trees of one record may hold together: the chart's defaults hold 669 (1.3.19) to
   * 1,477 (1.19.1), a user's values a few hundred; a tree of this many tokens stays under 3 MB.
   */
  static final long MAX_TREE_TOKENS = 25_000;

  /** Deeper than any chart's values (Harbor's: 7 levels) and any Helm record. */
  static final int MAX_NESTING = 64;

  /**
   * One string built into a tree (skipped strings such as templates are never built): a CA bundle
   * in the values is a few kilobytes.
   */
  static final int MAX_STRING_LENGTH = 1024 * 1024;

  /** Longer than any values key a chart reads; Kubernetes label keys are at most 317. */
  static final int MAX_NAME_LENGTH = 1024;

  private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};

  private final ObjectMapper treeMapper;
  private final long maxReleaseBytes;
  private final ParallelInflate inflate;
  private final ChartIdentity identity;

  /**
   * @param inflateThreads threads that inflate records beside their readers ({@code
   *     harbor-ha-guard.inflate-threads}); 0: each reader inflates its own
   */
  public ReleaseDecoder(ObjectMapper mapper, long maxReleaseBytes, int inflateThreads) {
    this(mapper, maxReleaseBytes, inflateThreads, ChartIdentity.DEFAULT);
  }

  /**
   * @param identity which charts are goharbor's ({@code harbor-ha-guard.harbor-chart-names})
   */
  public ReleaseDecoder(
      ObjectMapper mapper, long maxReleaseBytes, int inflateThreads, ChartIdentity identity) {
    this.identity = identity;
    this.treeMapper = boundedCopyOf(mapper);
    this.maxReleaseBytes = maxReleaseBytes;
    this.inflate = new ParallelInflate(inflateThreads);
  }

  public ReleaseDecoder(ObjectMapper mapper, long maxReleaseBytes) {
    this(mapper, maxReleaseBytes, defaultInflateThreads());
  }

  public ReleaseDecoder() {
    this(new ObjectMapper(), DEFAULT_MAX_RELEASE_BYTES);
  }

  private static ObjectMapper boundedCopyOf(ObjectMapper mapper) {
    JsonFactory factory =
        mapper
            .getFactory()
            .rebuild()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .build();
    return new ObjectMapper(factory);
  }

  /** One fewer than the processors the JVM sees (in a container: its CPU limit). */
  public static int defaultInflateThreads() {
    return ParallelInflate.defaultThreads();
  }

  /**
   * Decodes the release Helm stored in a Secret of type {@code helm.sh/release.v1}: {@code
   * data.release} (base64 once more, as every Secret value), or {@code stringData.release}.
   */
  public HelmRelease decodeSecret(Secret secret) throws ReleaseDecodeException {
    return decodeSecret(secret, Deadline.NONE);
  }

  /** {@link #decodeSecret(Secret)} within a review's deadline. */
  public HelmRelease decodeSecret(Secret secret, Deadline deadline) throws ReleaseDecodeException {
    Map<String, String> data = secret.getData();
    if (data != null && data.get("release") != null) {
      return decodeStored(
          base64(
              data.get("release").getBytes(StandardCharsets.ISO_8859_1),
              "data.release is not valid base64"),
          deadline);
    }
    Map<String, String> stringData = secret.getStringData();
    if (stringData != null && stringData.get("release") != null) {
      return decodeStored(stringData.get("release").getBytes(StandardCharsets.US_ASCII), deadline);
    }
    throw new ReleaseDecodeException("the Secret has no data.release");
  }

  /**
   * Decodes the release Helm's ConfigMap driver stored in {@code data.release} of a ConfigMap: the
   * same base64 of gzip as a Secret's record, without the Secret's own base64.
   */
  public HelmRelease decodeConfigMapData(String release, Deadline deadline)
      throws ReleaseDecodeException {
    if (release == null || release.isBlank()) {
      throw new ReleaseDecodeException("the ConfigMap has no data.release");
    }
    return decodeStored(release.getBytes(StandardCharsets.ISO_8859_1), deadline);
  }

  /** Decodes the {@code release} value of the Secret's {@code data} map (still base64 there). */
  public HelmRelease decodeSecretData(String secretDataValue) throws ReleaseDecodeException {
    if (secretDataValue == null || secretDataValue.isBlank()) {
      throw new ReleaseDecodeException("data.release is missing or empty");
    }
    byte[] helmStored =
        base64(
            secretDataValue.getBytes(StandardCharsets.ISO_8859_1),
            "data.release is not valid base64");
    return decodeStored(helmStored);
  }

  /** Decodes the string Helm stores: base64 of gzip (or of plain JSON) of the release. */
  public HelmRelease decodeStored(byte[] helmStored) throws ReleaseDecodeException {
    return decodeStored(helmStored, Deadline.NONE);
  }

  /** {@link #decodeStored(byte[])} within a review's deadline. */
  public HelmRelease decodeStored(byte[] helmStored, Deadline deadline)
      throws ReleaseDecodeException {
    byte[] packed = base64(helmStored, "the Helm release record is not valid base64");
    if (!isGzip(packed)) {
      return parse(packed, deadline);
    }
    try (Bounded json = new Bounded(inflate.open(packed), readLimit())) {
      return stream(json, deadline);
    } catch (Bounded.TooLarge e) {
      throw tooLarge(e.limit());
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new ReleaseDecodeException("the release is not valid gzip (" + e.getMessage() + ")");
    }
  }

  /** Parses release JSON, e.g. the output of {@code helm install --dry-run=client -o json}. */
  public HelmRelease parse(byte[] json) throws ReleaseDecodeException {
    return parse(json, Deadline.NONE);
  }

  private HelmRelease parse(byte[] json, Deadline deadline) throws ReleaseDecodeException {
    if (json.length > readLimit()) {
      throw tooLarge(readLimit());
    }
    try (Bounded bounded = new Bounded(new ByteArrayInputStream(json), readLimit())) {
      return stream(bounded, deadline);
    } catch (Bounded.TooLarge e) {
      throw tooLarge(e.limit());
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new ReleaseDecodeException("the release could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads only what the rules need ({@link RecordStream}), inside the record's bounds: nesting and
   * name length by the parser's constraints, the trees it builds by {@link TreeBudget}, the bytes
   * by the caller.
   */
  private HelmRelease stream(Bounded json, Deadline deadline)
      throws IOException, ReleaseDecodeException {
    try (JsonParser parser = treeMapper.getFactory().createParser(json);
        TreeBudget budgeted = new TreeBudget(parser, MAX_TREE_TOKENS, maxReleaseBytes, deadline)) {
      return toRelease(
          new RecordStream(treeMapper, budgeted, () -> json.limitTo(maxReleaseBytes), identity)
              .read());
    } catch (TreeBudget.Exceeded e) {
      throw new ReleaseDecodeException(
          "its values hold "
              + e.getMessage()
              + ", more than any Harbor chart and its values need (the largest chart's defaults"
              + " hold 1,477 values)");
    } catch (StreamConstraintsException e) {
      throw new ReleaseDecodeException("the release is out of bounds (" + e.getMessage() + ")");
    }
  }

  public HelmRelease toRelease(JsonNode root) throws ReleaseDecodeException {
    if (root == null || !root.isObject()) {
      throw new ReleaseDecodeException("the release is not a JSON object");
    }
    JsonNode chart = root.get("chart");
    if (chart == null || !chart.isObject() || !chart.path("metadata").isObject()) {
      throw new ReleaseDecodeException("the release has no chart metadata");
    }
    JsonNode metadata = chart.get("metadata");
    ChartKind kind = identity.of(metadata);
    ObjectNode values = objectOrEmpty(chart.get("values"), "chart.values");
    if (kind == ChartKind.HARBOR && !values.isEmpty() && !values.path("expose").isObject()) {
      // named as Harbor, but without goharbor's values
      kind = BitnamiShape.of(values) ? ChartKind.BITNAMI : ChartKind.NOT_GOHARBOR;
    }
    boolean umbrella =
        kind == ChartKind.UMBRELLA
            || (kind == ChartKind.BITNAMI
                && !HelmRelease.HARBOR_CHART.equals(HelmRelease.text(metadata, "name")));
    if (kind == ChartKind.BITNAMI && !umbrella && !values.isEmpty() && !BitnamiShape.of(values)) {
      kind = ChartKind.NOT_GOHARBOR; // Bitnami's metadata, but not Bitnami's values
    }
    return new HelmRelease(
        HelmRelease.text(root, "name"),
        HelmRelease.text(root, "namespace"),
        root.path("version").asInt(0),
        HelmRelease.text(root.get("info"), "status"),
        HelmRelease.text(metadata, "name"),
        HelmRelease.text(metadata, "version"),
        HelmRelease.text(metadata, "appVersion"),
        values,
        objectOrEmpty(root.get("config"), "config"),
        kind,
        umbrella ? identity.dependency(metadata, chart.get("lock")) : null);
  }

  private static ObjectNode objectOrEmpty(JsonNode node, String field)
      throws ReleaseDecodeException {
    if (node == null || node.isNull()) {
      return JsonNodeFactory.instance.objectNode(); // Helm 4 omits an empty config
    }
    if (!node.isObject()) {
      throw new ReleaseDecodeException("the release field " + field + " is not an object");
    }
    return (ObjectNode) node;
  }

  /**
   * Strict base64; only input that fails is retried without whitespace (line breaks, a trailing
   * newline), so the common case is a single pass over a value of a hundred kilobytes or more.
   */
  private static byte[] base64(byte[] text, String error) throws ReleaseDecodeException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getDecoder().decode(withoutWhitespace(text));
      } catch (IllegalArgumentException again) {
        throw new ReleaseDecodeException(error);
      }
    }
  }

  /** The bytes without ASCII whitespace: space, tab, line feed, carriage return, form feed, VT. */
  private static byte[] withoutWhitespace(byte[] text) {
    byte[] kept = new byte[text.length];
    int length = 0;
    for (byte b : text) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) {
        kept[length++] = b;
      }
    }
    return Arrays.copyOf(kept, length);
  }

  private static boolean isGzip(byte[] data) {
    return data.length >= 2 && data[0] == GZIP_MAGIC[0] && data[1] == GZIP_MAGIC[1];
  }

  /**
   * Where the JSON breaks, never what it holds there: Jackson's own message quotes up to 256
   * characters of the record, which may be a secret, and the message goes to Events and logs.
   */
  private static ReleaseDecodeException notJson(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return new ReleaseDecodeException(
          "the release is out of bounds (" + e.getOriginalMessage() + ")");
    }
    var at = e.getLocation();
    return new ReleaseDecodeException(
        "the release is not valid JSON"
            + (at == null
                ? ""
                : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
  }

  /** Until the chart is known: the larger of the two limits. */
  private long readLimit() {
    return Math.max(maxReleaseBytes, MAX_BEFORE_CHART_BYTES);
  }

  private static ReleaseDecodeException tooLarge(long limit) {
    return new ReleaseDecodeException(
        "the release is larger than the limit of " + limit + " bytes when decompressed");
  }
}
