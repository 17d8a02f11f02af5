package io.harborhaguard.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Release records built to exhaust a reader, each from a real record (chart 1.19.1's {@code ha-ok})
 * with one hostile part spliced in. They stay small once gzip'd (what a Secret can hold) and are
 * large, deep or wide once inflated. {@link #all()} is the table the decoder, webhook, packaged and
 * fuzz tests share.
 */
public final class HostileRecords {

  /** What a record must get: a refusal naming HA-RELEASE-READABLE, or admission at once. */
  public enum Expected {
    REFUSED_UNREADABLE,
    ALLOWED_NOT_HARBOR,
    JUDGED
  }

  /** One crafted record: its release JSON and what it must get. */
  public record Hostile(String name, byte[] json, Expected expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String SPLICE = "\"@hostile@\"";

  private HostileRecords() {}

  public static List<Hostile> all() {
    return List.of(
        new Hostile(
            "30 MB of empty arrays in an extra field, chart not Harbor",
            splice(notHarbor(r -> r.put("junk", "@hostile@")), emptyArrays(30 << 20)),
            Expected.ALLOWED_NOT_HARBOR),
        new Hostile(
            "30 MB of empty arrays in a field before the chart, chart not Harbor",
            junkFirst(notHarbor(r -> {}), emptyArrays(30 << 20)),
            Expected.ALLOWED_NOT_HARBOR),
        new Hostile(
            "30 MB of empty arrays in an extra field of a Harbor release",
            splice(harbor(r -> r.put("junk", "@hostile@")), emptyArrays(30 << 20)),
            Expected.REFUSED_UNREADABLE),
        new Hostile(
            "3 MB of empty arrays in the values of a chart not Harbor",
            splice(
                notHarbor(r -> ((ObjectNode) r.get("chart")).put("values", "@hostile@")),
                emptyArrays(3 << 20)),
            Expected.ALLOWED_NOT_HARBOR),
        new Hostile(
            "3 MB of empty arrays in a Harbor release's values",
            splice(
                harbor(r -> ((ObjectNode) r.get("config")).put("extra", "@hostile@")),
                emptyArrays(3 << 20)),
            Expected.REFUSED_UNREADABLE),
        new Hostile(
            "arrays nested a million deep in a Harbor release's values",
            splice(
                harbor(r -> ((ObjectNode) r.get("config")).put("extra", "@hostile@")),
                "[".repeat(1 << 20) + "]".repeat(1 << 20)),
            Expected.REFUSED_UNREADABLE),
        new Hostile(
            "300 keys of 40,000 characters in a Harbor release's values",
            splice(harbor(r -> r.put("config", "@hostile@")), longKeys(300, 40_000)),
            Expected.REFUSED_UNREADABLE),
        new Hostile(
            "2,000 keys of 1,000 characters in a Harbor release's values",
            splice(
                harbor(r -> ((ObjectNode) r.get("config")).put("core", "@hostile@")),
                longKeys(2_000, 1_000)),
            Expected.JUDGED),
        new Hostile(
            "a name of 20 million characters before the chart",
            splice(
                notHarbor(r -> r.put("name", "@hostile@")), "\"" + "a".repeat(20_000_000) + "\""),
            Expected.REFUSED_UNREADABLE),
        new Hostile(
            "five strings of 900,000 characters in a Harbor release's values",
            splice(
                harbor(r -> ((ObjectNode) r.get("config")).put("extra", "@hostile@")),
                "["
                    + String.join(
                        ",", java.util.Collections.nCopies(5, "\"" + "b".repeat(900_000) + "\""))
                    + "]"),
            Expected.REFUSED_UNREADABLE),
        new Hostile(
            "a chart with two metadata, the second Harbor's",
            twoMetadata(),
            Expected.REFUSED_UNREADABLE),
        new Hostile(
            "a Harbor release whose values come before its chart",
            configFirst(),
            Expected.REFUSED_UNREADABLE));
  }

  /**
   * The real record, chart renamed and its metadata another publisher's (goharbor's home and
   * sources would make it a fork of Harbor): the same bytes an unrelated chart's record would
   * carry.
   */
  private static ObjectNode notHarbor(Consumer<ObjectNode> edit) {
    return harbor(
        r -> {
          ObjectNode metadata = (ObjectNode) r.at("/chart/metadata");
          metadata.put("name", "nginx").put("home", "https://nginx.org");
          metadata.putArray("sources").add("https://github.com/nginx/nginx");
          edit.accept(r);
        });
  }

  private static ObjectNode harbor(Consumer<ObjectNode> edit) {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "ha-ok");
    edit.accept(release);
    return release;
  }

  private static byte[] configFirst() {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "ha-ok");
    ObjectNode reordered = Fixtures.JSON.createObjectNode();
    reordered.set("config", release.get("config"));
    reordered.setAll(release);
    return json(reordered).getBytes(StandardCharsets.UTF_8);
  }

  /** A chart object whose metadata comes twice: another chart's, then Harbor's. */
  private static byte[] twoMetadata() {
    String text = json(Fixtures.releaseJson("v1.19.1", "ha-ok"));
    return text.replaceFirst(
            "\"chart\":\\{", "\"chart\":{\"metadata\":{\"name\":\"nginx\",\"version\":\"1.0.0\"},")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The record with a field {@code junk} holding {@code hostile} before all of Helm's. */
  private static byte[] junkFirst(ObjectNode release, String hostile) {
    ObjectNode reordered = Fixtures.JSON.createObjectNode();
    reordered.put("junk", "@hostile@");
    reordered.setAll(release);
    return splice(reordered, hostile);
  }

  private static byte[] splice(ObjectNode release, String hostile) {
    String text = json(release);
    int at = text.indexOf(SPLICE);
    return (text.substring(0, at) + hostile + text.substring(at + SPLICE.length()))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String emptyArrays(int bytes) {
    StringBuilder arrays = new StringBuilder(bytes + 8).append('[');
    while (arrays.length() < bytes) {
      arrays.append("[],");
    }
    return arrays.append("[]]").toString();
  }

  /** A values map of {@code count} keys, each {@code length} characters long and distinct. */
  private static String longKeys(int count, int length) {
    StringBuilder map = new StringBuilder().append('{');
    for (int i = 0; i < count; i++) {
      String key = String.format("%08d", i) + "k".repeat(length - 8);
      map.append(i == 0 ? "" : ",").append('"').append(key).append("\":1");
    }
    return map.append('}').toString();
  }

  private static String json(ObjectNode node) {
    try {
      return Fixtures.JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
