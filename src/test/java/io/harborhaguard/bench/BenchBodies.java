package io.harborhaguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

/**
 * Writes the benchmark bodies into a folder: the captured Deployment review, the captured
 * release-Secret review, and a release whose chart templates compress like a real chart's (about 85
 * KB gzipped for v1.19.1; the fixture's filler compresses far better). Usage: {@code BenchBodies
 * DIR}.
 */
public final class BenchBodies {

  private BenchBodies() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    SelfSignedCertificate.ensure(dir.resolve("tls"));
    Files.write(
        dir.resolve("deployment.json"),
        Fixtures.read(Fixtures.admission("deployment-create.v1.19.1-core-1-replica.json")));
    Files.write(
        dir.resolve("release-fixture.json"),
        Fixtures.read(Fixtures.admission(Reviews.CAPTURED_SECRET_CREATE)));
    Files.write(dir.resolve("release-real.json"), releaseReal());
  }

  /** The release-real body: a v1.19.1 record that compresses like a real chart's. */
  static byte[] releaseReal() throws IOException {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "ha-ok");
    compressLikeAChart(release);
    byte[] json = Fixtures.JSON.writeValueAsBytes(release);
    ObjectNode review =
        Reviews.releaseSecret("harbor", "harbor", 1, "pending-install", Fixtures.secretData(json));
    return Fixtures.JSON.writeValueAsBytes(review);
  }

  /**
   * Replaces the fixture's filler in chart templates and files with template-like text of the same
   * length, so the record compresses like a real chart's (about 85 KB gzipped for 1.19.1).
   */
  public static void compressLikeAChart(ObjectNode release) throws IOException {
    String manifests = Files.readString(Fixtures.harbor().resolve("v1.19.1/ha-ok.manifests.yaml"));
    Random random = new Random(42);
    for (String list : new String[] {"templates", "files"}) {
      for (JsonNode entry : release.at("/chart/" + list)) {
        int length = entry.path("data").asText().length();
        ((ObjectNode) entry).put("data", realistic(manifests, length, random));
      }
    }
  }

  /** Base64 of template-like text (chart YAML with per-template edits), the length Helm stored. */
  static String realistic(String text, int length, Random random) {
    StringBuilder template = new StringBuilder();
    while (template.length() * 4 / 3 < length) {
      int from = random.nextInt(text.length() - 400);
      template.append(text, from, from + 200 + random.nextInt(200));
      template
          .append("  {{ include \"harbor.labels\" . | nindent ")
          .append(random.nextInt(12))
          .append(" }}\n");
    }
    String encoded =
        Base64.getEncoder().encodeToString(template.toString().getBytes(StandardCharsets.UTF_8));
    return encoded.substring(0, Math.min(length, encoded.length()));
  }
}
