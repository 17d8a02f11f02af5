package io.harborhaguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The Harbor chart fixtures in {@code src/test/fixtures} (real chart output; see the README there)
 * and Helm's own storage encoding.
 */
public final class Fixtures {

  public static final ObjectMapper JSON = new ObjectMapper();

  /** One fixture case: chart tag folder plus case name, e.g. {@code v1.19.1} / {@code ha-ok}. */
  public record Case(String tag, String name) {
    public Path releaseJson() {
      return harbor().resolve(tag).resolve(name + ".release.json");
    }

    public Path file(String suffix) {
      return harbor().resolve(tag).resolve(name + suffix);
    }

    public String id() {
      return tag + "/" + name;
    }

    @Override
    public String toString() {
      return id();
    }
  }

  private Fixtures() {}

  public static Path root() {
    Path path = Path.of(System.getProperty("fixtures", "src/test/fixtures"));
    assertThat(path).as("fixtures folder").isDirectory();
    return path;
  }

  public static Path harbor() {
    return root().resolve("harbor");
  }

  public static Path admission(String file) {
    return root().resolve("admission").resolve(file);
  }

  /** Every {@code <tag>/<case>.release.json}, including the Helm 4 rendering. */
  public static List<Case> releaseCases() {
    return cases(".release.json");
  }

  /** Every {@code <tag>/<case>.manifests.yaml}. */
  public static List<Case> manifestCases() {
    return cases(".manifests.yaml");
  }

  /** Every {@code <tag>/<case>.values.yaml}. */
  public static List<Case> valuesCases() {
    return cases(".values.yaml");
  }

  private static List<Case> cases(String suffix) {
    try (Stream<Path> tags = Files.list(harbor())) {
      return tags.filter(tag -> tag.getFileName().toString().startsWith("v"))
          .sorted()
          .flatMap(
              tag -> {
                try (Stream<Path> files = Files.list(tag)) {
                  return files
                      .map(f -> f.getFileName().toString())
                      .filter(f -> f.endsWith(suffix))
                      .sorted()
                      .map(
                          f ->
                              new Case(
                                  tag.getFileName().toString(),
                                  f.substring(0, f.length() - suffix.length())))
                      .toList()
                      .stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode releaseJson(String tag, String name) {
    return releaseJson(new Case(tag, name));
  }

  public static ObjectNode releaseJson(Case c) {
    try {
      return (ObjectNode) JSON.readTree(c.releaseJson().toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HelmRelease release(String tag, String name) {
    return parse(releaseJson(tag, name));
  }

  public static HelmRelease parse(JsonNode releaseJson) {
    try {
      return new ReleaseDecoder().toRelease(releaseJson);
    } catch (ReleaseDecodeException e) {
      throw new AssertionError(e);
    }
  }

  public static HarborValues values(String tag, String name) {
    return HarborValues.of(release(tag, name));
  }

  /** The fixture's values with some user values changed, e.g. {@code c -> c.put("x", 1)}. */
  public static HarborValues values(String tag, String name, Consumer<ObjectNode> editConfig) {
    ObjectNode json = releaseJson(tag, name);
    ObjectNode config =
        json.path("config").isObject() ? (ObjectNode) json.get("config") : json.putObject("config");
    editConfig.accept(config);
    return HarborValues.of(parse(json));
  }

  /** Sets a dotted key in a values tree, creating maps on the way. */
  public static void set(ObjectNode values, String key, Object value) {
    String[] parts = key.split("\\.");
    ObjectNode node = values;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], JSON.valueToTree(value));
  }

  /**
   * Makes {@code release} a record of an unrelated chart: named {@code nginx}, with that project's
   * home and sources (goharbor's would make a renamed chart a fork of Harbor, judged as one).
   */
  public static ObjectNode asOtherChart(ObjectNode release) {
    ObjectNode metadata = (ObjectNode) release.at("/chart/metadata");
    metadata.put("name", "nginx").put("home", "https://nginx.org");
    metadata.putArray("sources").add("https://github.com/nginx/nginx");
    return release;
  }

  /** What Helm stores: base64 of gzip of the release JSON. */
  public static String helmStored(byte[] releaseJson) {
    return Base64.getEncoder().encodeToString(gzip(releaseJson));
  }

  /** The Secret's {@code data.release}: base64 once more, as every Secret data value. */
  public static String secretData(byte[] releaseJson) {
    return base64(helmStored(releaseJson).getBytes(StandardCharsets.US_ASCII));
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
