package io.harborhaguard.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

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
  public static final long DEFAULT_MAX_RELEASE_BYTES = 32L * 1024 * 1024;

  /** Release fields the rules never read; Helm 3 hooks carry manifests, as large as the rest. */
  private static final Set<String> SKIPPED = Set.of("hooks", "manifest");

  private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};

  private final ObjectMapper mapper;
  private final long maxReleaseBytes;
  private final ParallelInflate inflate;

  /**
   * @param inflateThreads threads that inflate records beside their readers ({@code
   *     harbor-ha-guard.inflate-threads}); 0: each reader inflates its own
   */
  public ReleaseDecoder(ObjectMapper mapper, long maxReleaseBytes, int inflateThreads) {
    this.mapper = mapper;
    this.maxReleaseBytes = maxReleaseBytes;
    this.inflate = new ParallelInflate(inflateThreads);
  }

  public ReleaseDecoder(ObjectMapper mapper, long maxReleaseBytes) {
    this(mapper, maxReleaseBytes, defaultInflateThreads());
  }

  public ReleaseDecoder() {
    this(new ObjectMapper(), DEFAULT_MAX_RELEASE_BYTES);
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
    Map<String, String> data = secret.getData();
    if (data != null && data.get("release") != null) {
      return decodeSecretData(data.get("release"));
    }
    Map<String, String> stringData = secret.getStringData();
    if (stringData != null && stringData.get("release") != null) {
      return decodeStored(stringData.get("release").getBytes(StandardCharsets.US_ASCII));
    }
    throw new ReleaseDecodeException("the Secret has no data.release");
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
    byte[] packed = base64(helmStored, "the Helm release record is not valid base64");
    if (!isGzip(packed)) {
      return parse(packed);
    }
    try (InputStream json = new Bounded(inflate.open(packed), maxReleaseBytes)) {
      return stream(json);
    } catch (Bounded.TooLarge e) {
      throw tooLarge();
    } catch (JsonProcessingException e) {
      throw new ReleaseDecodeException(
          "the release is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new ReleaseDecodeException("the release is not valid gzip (" + e.getMessage() + ")");
    }
  }

  /** Parses release JSON, e.g. the output of {@code helm install --dry-run=client -o json}. */
  public HelmRelease parse(byte[] json) throws ReleaseDecodeException {
    if (json.length > maxReleaseBytes) {
      throw tooLarge();
    }
    try {
      return stream(new ByteArrayInputStream(json));
    } catch (JsonProcessingException e) {
      throw new ReleaseDecodeException(
          "the release is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new ReleaseDecodeException("the release could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads only what the rules need: the chart's metadata and default values, the user's config and
   * the release's identity. The chart's templates and files (most of the record) are skipped token
   * by token, never built into a tree.
   */
  private HelmRelease stream(InputStream json) throws IOException, ReleaseDecodeException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    try (JsonParser parser = mapper.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new ReleaseDecodeException("the release is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("chart".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
          root.set("chart", chart(parser));
        } else if (SKIPPED.contains(field)) {
          parser.skipChildren();
        } else {
          root.set(field, mapper.readTree(parser));
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new ReleaseDecodeException("the release is not a single JSON object");
      }
    }
    return toRelease(root);
  }

  private ObjectNode chart(JsonParser parser) throws IOException {
    ObjectNode chart = JsonNodeFactory.instance.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      if ("metadata".equals(field) || "values".equals(field)) {
        chart.set(field, mapper.readTree(parser));
      } else {
        parser.skipChildren();
      }
    }
    return chart;
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
    return new HelmRelease(
        HelmRelease.text(root, "name"),
        HelmRelease.text(root, "namespace"),
        root.path("version").asInt(0),
        HelmRelease.text(root.get("info"), "status"),
        HelmRelease.text(metadata, "name"),
        HelmRelease.text(metadata, "version"),
        HelmRelease.text(metadata, "appVersion"),
        objectOrEmpty(chart.get("values"), "chart.values"),
        objectOrEmpty(root.get("config"), "config"));
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

  private ReleaseDecodeException tooLarge() {
    return new ReleaseDecodeException(
        "the release is larger than the limit of " + maxReleaseBytes + " bytes when decompressed");
  }
}
