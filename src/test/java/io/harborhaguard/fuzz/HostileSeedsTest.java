package io.harborhaguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.HostileRecords;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fuzz corpus holds every crafted record as it is built today (HostileSeeds writes them). */
class HostileSeedsTest {

  static List<HostileRecords.Hostile> hostile() {
    return HostileRecords.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void theCorpusHoldsTheRecord(HostileRecords.Hostile hostile) throws Exception {
    Path seed = HostileSeeds.CORPUS.resolve(HostileSeeds.fileName(hostile));
    assertThat(seed).as("run HostileSeeds to write it").exists();
    byte[] gzip = Base64.getDecoder().decode(Files.readAllBytes(seed));
    try (GZIPInputStream json = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      assertThat(json.readAllBytes()).isEqualTo(hostile.json());
    }
  }
}
