package io.harborhaguard.fuzz;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.HostileRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the crafted records of {@link HostileRecords} into the fuzz corpus as Helm stores them
 * (base64 of gzip), one file each: {@code InputFuzzTest#releaseRecord} starts from them and {@code
 * HostileSeedsTest} fails when one is missing or stale. Run from the project folder.
 */
public final class HostileSeeds {

  static final Path CORPUS =
      Path.of("src/test/resources/io/harborhaguard/fuzz/InputFuzzTestInputs/releaseRecord");

  private HostileSeeds() {}

  public static void main(String[] args) throws Exception {
    for (HostileRecords.Hostile hostile : HostileRecords.all()) {
      Files.writeString(
          CORPUS.resolve(fileName(hostile)),
          Fixtures.helmStored(hostile.json()),
          StandardCharsets.US_ASCII);
    }
  }

  static String fileName(HostileRecords.Hostile hostile) {
    return "hostile-"
        + hostile
            .name()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("-$", "");
  }
}
