package io.harborhaguard.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.bench.BenchBodies;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The release decoder against the naive decode floor, from the Secret's {@code data.release} value:
 * the fixture record (its filler compresses far better than a chart) and one whose templates
 * compress like a real chart's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReleaseDecodeBenchmark {

  @Param({"fixture", "real"})
  public String body;

  private final ObjectMapper mapper = new ObjectMapper();
  private final ReleaseDecoder decoder = new ReleaseDecoder();
  private String secretData;

  @Setup
  public void encode() throws IOException {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "ha-ok");
    if (body.equals("real")) {
      BenchBodies.compressLikeAChart(release);
    }
    secretData = Fixtures.secretData(mapper.writeValueAsBytes(release));
  }

  /** What the webhook does: streaming decode of what the rules need, then Helm's values merge. */
  @Benchmark
  public HarborValues streamingDecodeAndMerge() throws Exception {
    return HarborValues.of(decoder.decodeSecretData(secretData));
  }

  /** The floor issue targets compare with: base64 twice, gunzip, a full Jackson tree. */
  @Benchmark
  public JsonNode naiveDecode() throws IOException {
    byte[] helmStored = Base64.getDecoder().decode(secretData);
    byte[] gzipped = Base64.getDecoder().decode(helmStored);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return mapper.readTree(in);
    }
  }
}
