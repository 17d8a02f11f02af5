package io.harborhaguard.admission;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads the AdmissionReview of a Secret in one streaming pass that decodes {@code
 * request.object.data.release} (a Helm release record: a hundred kilobytes or more of base64)
 * straight from the JSON into bytes, and skips {@code request.oldObject}, which the guard never
 * reads (an UPDATE carries the previous record there, as large again). Neither is ever held as a
 * string: a release review allocates and scans about half as much as through a tree.
 *
 * <p>Only a review that names the kind Secret before its object, as the API server writes it, and
 * whose object has a {@code data.release} string of valid base64 is read this way. For anything
 * else it answers {@code null} and the review is read as a whole tree, which names what is
 * malformed.
 */
final class ReleaseRecordReader {

  /** The review without {@code object.data.release} and {@code oldObject}; the decoded record. */
  record Read(ObjectNode review, byte[] record) {}

  /** Stops the walk as soon as the review is not of a Secret: it is then read once, as a tree. */
  private static final class NotASecret extends RuntimeException {
    NotASecret() {
      super("not a Secret", null, false, false);
    }
  }

  private static final NotASecret NOT_A_SECRET = new NotASecret();

  private ReleaseRecordReader() {}

  static Read read(ObjectMapper mapper, byte[] body) {
    try (JsonParser parser = mapper.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Walk walk = new Walk(mapper, parser);
      ObjectNode review = walk.object(walk::reviewField);
      if (parser.nextToken() != null || walk.record == null) {
        return null;
      }
      return new Read(review, walk.record);
    } catch (IOException | RuntimeException notASecretOrMalformed) {
      return null; // read as a tree, which also names what is malformed
    }
  }

  /** One pass over the tokens; each level handles the fields it knows and reads the rest whole. */
  private static final class Walk {

    @FunctionalInterface
    interface Field {
      void read(ObjectNode into, String name) throws IOException;
    }

    private final ObjectMapper mapper;
    private final JsonParser parser;
    private boolean secret;
    private byte[] record;

    Walk(ObjectMapper mapper, JsonParser parser) {
      this.mapper = mapper;
      this.parser = parser;
    }

    /** Reads the fields of the object the parser is at, up to its end. */
    ObjectNode object(Field field) throws IOException {
      ObjectNode node = mapper.createObjectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        field.read(node, name);
      }
      return node;
    }

    void reviewField(ObjectNode into, String name) throws IOException {
      descend(into, name, "request", this::requestField);
    }

    void requestField(ObjectNode into, String name) throws IOException {
      if ("oldObject".equals(name)) {
        parser.skipChildren();
      } else if ("object".equals(name)) {
        if (!secret || parser.currentToken() != JsonToken.START_OBJECT) {
          throw NOT_A_SECRET;
        }
        into.set(name, object(this::secretField));
      } else {
        whole(into, name);
        if ("kind".equals(name)) {
          JsonNode kind = into.get(name);
          secret =
              "Secret".equals(kind.path("kind").asText()) && kind.path("group").asText().isEmpty();
          if (!secret) {
            throw NOT_A_SECRET;
          }
        }
      }
    }

    void secretField(ObjectNode into, String name) throws IOException {
      descend(into, name, "data", this::dataField);
    }

    void dataField(ObjectNode into, String name) throws IOException {
      if ("release".equals(name) && parser.currentToken() == JsonToken.VALUE_STRING) {
        record = parser.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
      } else {
        whole(into, name);
      }
    }

    /** Field {@code name} is the object {@code wanted}: read it with {@code inner}; else whole. */
    private void descend(ObjectNode into, String name, String wanted, Field inner)
        throws IOException {
      if (wanted.equals(name) && parser.currentToken() == JsonToken.START_OBJECT) {
        into.set(name, object(inner));
      } else {
        whole(into, name);
      }
    }

    private void whole(ObjectNode into, String name) throws IOException {
      into.set(name, mapper.readTree(parser));
    }
  }
}
