package io.harborhaguard.helm.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gunzip gives what GZIPInputStream gives: the same bytes, or a failure of the same class and text.
 */
class GunzipTest {

  private static final byte[] TEXT =
      ("{\"chart\":{\"values\":{\"core\":{\"replicas\":2}}}}\n".repeat(400))
          .getBytes(StandardCharsets.UTF_8);

  @FunctionalInterface
  private interface Opener {
    InputStream open(byte[] gzip) throws IOException;
  }

  static Stream<Arguments> wellFormed() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (Fixtures.Case c : Fixtures.releaseCases()) {
      cases.add(Arguments.of(c.name(), Fixtures.gzip(Fixtures.read(c.releaseJson()))));
    }
    cases.add(Arguments.of("empty content", gzip(new byte[0])));
    cases.add(Arguments.of("file name, comment, extra field", member(TEXT, 4 | 8 | 16, false)));
    cases.add(Arguments.of("header CRC", member(TEXT, 2 | 8, false)));
    cases.add(
        Arguments.of(
            "two members", concat(gzip(TEXT), gzip("second".getBytes(StandardCharsets.UTF_8)))));
    cases.add(
        Arguments.of(
            "three members, one empty", concat(gzip(TEXT), gzip(new byte[0]), gzip(TEXT))));
    cases.add(
        Arguments.of("5 bytes of garbage after", concat(gzip(TEXT), new byte[] {1, 2, 3, 4, 5})));
    cases.add(Arguments.of("40 zero bytes after", concat(gzip(TEXT), new byte[40])));
    cases.add(Arguments.of("stored, not compressed", gzip(TEXT, Deflater.NO_COMPRESSION)));
    cases.add(
        Arguments.of(
            "larger than the buffers", gzip(incompressible(200_000), Deflater.BEST_SPEED)));
    return cases.stream();
  }

  static Stream<Arguments> malformed() throws IOException {
    byte[] good = gzip(TEXT);
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("not gzip", "{\"not\":\"gzip\"}".getBytes(StandardCharsets.UTF_8)));
    cases.add(Arguments.of("empty", new byte[0]));
    cases.add(Arguments.of("magic only", new byte[] {0x1f, (byte) 0x8b}));
    cases.add(Arguments.of("not deflate", with(good, 2, (byte) 7)));
    cases.add(Arguments.of("wrong header CRC", with(member(TEXT, 2, false), 10, (byte) 0)));
    cases.add(
        Arguments.of("wrong CRC", with(good, good.length - 8, (byte) (good[good.length - 8] ^ 1))));
    cases.add(
        Arguments.of(
            "wrong size", with(good, good.length - 4, (byte) (good[good.length - 4] ^ 1))));
    cases.add(Arguments.of("corrupt deflate data", with(good, 10, (byte) 0xff)));
    cases.add(Arguments.of("preset dictionary", member(TEXT, 0, true)));
    for (int length :
        new int[] {
          1, 5, 9, 10, 11, 20, good.length / 2, good.length - 9, good.length - 8, good.length - 1
        }) {
      cases.add(Arguments.of("cut to " + length + " bytes", Arrays.copyOf(good, length)));
    }
    byte[] named = member(TEXT, 8 | 16, false);
    for (int length = 10; length < 40; length += 3) {
      cases.add(Arguments.of("named, cut to " + length + " bytes", Arrays.copyOf(named, length)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void inflatesWhatGzipInputStreamInflates(String name, byte[] gzip) {
    assertSameOutcome(gzip, "bytes ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void failsAsGzipInputStreamFails(String name, byte[] gzip) {
    assertSameOutcome(gzip, "failed ");
  }

  private static void assertSameOutcome(byte[] gzip, String kind) {
    String expected = outcome(g -> new GZIPInputStream(new ByteArrayInputStream(g)), gzip);
    assertThat(expected).startsWith(kind);
    assertThat(outcome(Gunzip::open, gzip)).isEqualTo(expected);
  }

  /**
   * The pooled zlib state is reset between streams: a stream closed half-way taints none after it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void aStreamClosedEarlyLeavesNothingBehind(String name, byte[] gzip) throws IOException {
    byte[] expected = new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes();
    InputStream abandoned = Gunzip.open(gzip(incompressible(100_000), Deflater.BEST_SPEED));
    abandoned.readNBytes(1000);
    abandoned.close();
    try (InputStream in = Gunzip.open(gzip)) {
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
  }

  /** "bytes SIZE CRC" or "failed CLASS: MESSAGE", reading in uneven sizes. */
  private static String outcome(Opener opener, byte[] gzip) {
    int[] sizes = {1, 7000, 33_000, 100};
    try (InputStream in = opener.open(gzip)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[33_000];
      for (int i = 0; ; i++) {
        int n = in.read(buffer, 0, sizes[i % sizes.length]);
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
      }
      CRC32 crc = new CRC32();
      crc.update(out.toByteArray());
      return "bytes " + out.size() + " " + crc.getValue();
    } catch (IOException e) {
      return "failed " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static byte[] gzip(byte[] content) throws IOException {
    return gzip(content, Deflater.DEFAULT_COMPRESSION);
  }

  private static byte[] gzip(byte[] content, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(out) {
          {
            def.setLevel(level);
          }
        }) {
      gzip.write(content);
    }
    return out.toByteArray();
  }

  /**
   * A member written by hand: header flags (FHCRC 2, FEXTRA 4, FNAME 8, FCOMMENT 16), raw deflate,
   * trailer.
   */
  private static byte[] member(byte[] content, int flags, boolean dictionary) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 0xff});
    if ((flags & 4) != 0) {
      out.write(new byte[] {3, 0, 'a', 'b', 'c'});
    }
    if ((flags & 8) != 0) {
      out.write("values.json\0".getBytes(StandardCharsets.ISO_8859_1));
    }
    if ((flags & 16) != 0) {
      out.write("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    }
    if ((flags & 2) != 0) {
      CRC32 headerCrc = new CRC32();
      headerCrc.update(out.toByteArray());
      out.write(new byte[] {(byte) headerCrc.getValue(), (byte) (headerCrc.getValue() >> 8)});
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, !dictionary);
    if (dictionary) {
      deflater.setDictionary("chart".getBytes(StandardCharsets.UTF_8));
    }
    deflater.setInput(content);
    deflater.finish();
    byte[] buffer = new byte[content.length + 1024];
    out.write(buffer, 0, deflater.deflate(buffer));
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(content);
    writeInt(out, crc.getValue());
    writeInt(out, content.length);
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >> (8 * i)) & 0xff);
    }
  }

  private static byte[] with(byte[] bytes, int index, byte value) {
    byte[] changed = bytes.clone();
    changed[index] = value;
    return changed;
  }

  private static byte[] concat(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    return out.toByteArray();
  }

  private static byte[] incompressible(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }
}
