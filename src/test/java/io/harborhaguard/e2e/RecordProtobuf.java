package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads a Secret or ConfigMap sent as Kubernetes protobuf (client-go's typed clients, which Helm's
 * release storage uses, with the Secret or the ConfigMap driver): the {@code k8s\0} envelope,
 * runtime.Unknown, then the v1.Secret or v1.ConfigMap fields the stand-in keeps. Any other kind in
 * protobuf is refused.
 */
final class RecordProtobuf {

  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private RecordProtobuf() {}

  static ObjectNode decode(byte[] body) {
    if (body.length < 4 || !Arrays.equals(Arrays.copyOf(body, 4), MAGIC)) {
      throw new IllegalArgumentException("not a Kubernetes protobuf body");
    }
    Wire unknown = new Wire(Arrays.copyOfRange(body, 4, body.length));
    String kind = "";
    byte[] raw = new byte[0];
    while (unknown.more()) {
      int field = unknown.tag();
      if (field == 1) {
        Wire typeMeta = unknown.message();
        while (typeMeta.more()) {
          if (typeMeta.tag() == 2) {
            kind = typeMeta.string();
          } else {
            typeMeta.skip();
          }
        }
      } else if (field == 2) {
        raw = unknown.bytes();
      } else {
        unknown.skip();
      }
    }
    return switch (kind) {
      case "Secret" -> secret(new Wire(raw));
      case "ConfigMap" -> configMap(new Wire(raw));
      default ->
          throw new IllegalArgumentException(
              "the stand-in reads protobuf for Secrets and ConfigMaps only, not " + kind);
    };
  }

  private static ObjectNode secret(Wire in) {
    ObjectNode secret =
        JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Secret");
    while (in.more()) {
      switch (in.tag()) {
        case 1 -> secret.set("metadata", metadata(in.message()));
        case 2 -> entry(in.message(), secret.with("data"), true);
        case 3 -> secret.put("type", in.string());
        case 4 -> entry(in.message(), secret.with("stringData"), false);
        case 5 -> secret.put("immutable", in.varint() != 0);
        default -> in.skip();
      }
    }
    return secret;
  }

  /** v1.ConfigMap: what Helm's ConfigMap driver (HELM_DRIVER=configmap) writes. */
  private static ObjectNode configMap(Wire in) {
    ObjectNode configMap =
        JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    while (in.more()) {
      switch (in.tag()) {
        case 1 -> configMap.set("metadata", metadata(in.message()));
        case 2 -> entry(in.message(), configMap.with("data"), false);
        case 3 -> entry(in.message(), configMap.with("binaryData"), true);
        case 4 -> configMap.put("immutable", in.varint() != 0);
        default -> in.skip();
      }
    }
    return configMap;
  }

  private static ObjectNode metadata(Wire in) {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    while (in.more()) {
      switch (in.tag()) {
        case 1 -> metadata.put("name", in.string());
        case 3 -> metadata.put("namespace", in.string());
        case 6 -> metadata.put("resourceVersion", in.string());
        case 11 -> entry(in.message(), metadata.with("labels"), false);
        case 12 -> entry(in.message(), metadata.with("annotations"), false);
        default -> in.skip();
      }
    }
    return metadata;
  }

  private static void entry(Wire in, ObjectNode into, boolean bytesValue) {
    String key = "";
    byte[] value = new byte[0];
    while (in.more()) {
      switch (in.tag()) {
        case 1 -> key = in.string();
        case 2 -> value = in.bytes();
        default -> in.skip();
      }
    }
    into.put(
        key,
        bytesValue
            ? Base64.getEncoder().encodeToString(value)
            : new String(value, StandardCharsets.UTF_8));
  }

  /** Protocol buffers wire format: just enough to walk messages. */
  private static final class Wire {
    private final byte[] data;
    private int position;
    private int wireType;

    Wire(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return position < data.length;
    }

    int tag() {
      long tag = varint();
      wireType = (int) (tag & 7);
      return (int) (tag >>> 3);
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = data[position++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    byte[] bytes() {
      int length = (int) varint();
      byte[] value = Arrays.copyOfRange(data, position, position + length);
      position += length;
      return value;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Wire message() {
      return new Wire(bytes());
    }

    void skip() {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> position += 8;
        case 2 -> bytes();
        case 5 -> position += 4;
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
      }
    }
  }
}
