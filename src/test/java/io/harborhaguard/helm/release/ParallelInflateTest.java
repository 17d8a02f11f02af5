package io.harborhaguard.helm.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.harborhaguard.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParallelInflateTest {

  private final ThreadPoolExecutor other = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);

  @AfterEach
  void stop() throws InterruptedException {
    other.shutdownNow();
    assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  static Stream<Fixtures.Case> releaseCases() {
    return Fixtures.releaseCases().stream();
  }

  /** On another thread and in the caller alike, the bytes GZIPInputStream reads. */
  @ParameterizedTest
  @MethodSource("releaseCases")
  void inflatesExactlyWhatGzipInputStreamDoes(Fixtures.Case c) throws Exception {
    byte[] gzip = Fixtures.gzip(Fixtures.read(c.releaseJson()));
    byte[] expected = new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes();

    try (InputStream parallel = ParallelInflate.open(gzip, other)) {
      assertThat(readInOddSizes(parallel)).isEqualTo(expected);
      assertThat(parallel.read()).isEqualTo(-1);
    }
    try (InputStream inline =
        ParallelInflate.open(
            gzip,
            task -> {
              throw new RejectedExecutionException("busy");
            })) {
      assertThat(inline).isInstanceOf(Gunzip.class);
      assertThat(inline.readAllBytes()).isEqualTo(expected);
    }
  }

  /** With every thread of the guard's own pool held, the next record is inflated in the caller. */
  @Test
  void aBusyPoolLeavesTheRecordToTheCaller() throws Exception {
    byte[] large = new byte[8 * ParallelInflate.CHUNK_BYTES];
    new Random(7).nextBytes(large);
    byte[] gzip = Fixtures.gzip(large);
    List<InputStream> holding = new ArrayList<>();
    try {
      // Each unread stream holds a thread once its producer has filled every buffer.
      ParallelInflate pool = new ParallelInflate(2);
      for (int i = 0; i < 3; i++) {
        holding.add(pool.open(gzip));
      }
      assertThat(holding).filteredOn(Gunzip.class::isInstance).hasSize(1);
      try (InputStream next = pool.open(gzip)) {
        assertThat(next).isInstanceOf(Gunzip.class);
        assertThat(next.readAllBytes()).isEqualTo(large);
      }
      for (InputStream held : holding) {
        assertThat(held.readAllBytes()).isEqualTo(large);
      }
    } finally {
      for (InputStream held : holding) {
        held.close();
      }
    }
  }

  @Test
  void aCorruptRecordFailsAsGzipInputStreamDoes() throws Exception {
    byte[] notGzip = "{\"not\":\"gzip\"}".getBytes();
    assertThatThrownBy(() -> ParallelInflate.open(notGzip, other).read(new byte[10], 0, 10))
        .isInstanceOf(ZipException.class)
        .hasMessage(messageOf(() -> new GZIPInputStream(new ByteArrayInputStream(notGzip))));

    byte[] gzip = Fixtures.gzip(new byte[1 << 20]);
    byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
    InputStream parallel = ParallelInflate.open(truncated, other);
    assertThatThrownBy(parallel::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessage(
            messageOf(
                () -> new GZIPInputStream(new ByteArrayInputStream(truncated)).readAllBytes()));
    assertThat(parallel.read()).isEqualTo(-1);
  }

  /** A reader that stops early (a parse error, the size limit) frees the other thread at once. */
  @Test
  void closingEarlyStopsTheOtherThread() throws Exception {
    byte[] bomb = Fixtures.gzip(new byte[64 << 20]);
    for (int i = 0; i < 3; i++) {
      InputStream parallel = ParallelInflate.open(bomb, other);
      assertThat(parallel.read(new byte[100], 0, 100)).isEqualTo(100);
      parallel.close();
    }
    await("the inflating thread stops")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> other.getActiveCount() == 0 && other.getQueue().isEmpty());
    assertThat(other.getCompletedTaskCount()).isEqualTo(3);
  }

  private static byte[] readInOddSizes(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[ParallelInflate.CHUNK_BYTES + 7];
    int[] sizes = {1, 7000, ParallelInflate.CHUNK_BYTES + 7, 100};
    for (int i = 0; ; i++) {
      int n = in.read(buffer, 0, sizes[i % sizes.length]);
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buffer, 0, n);
    }
  }

  @FunctionalInterface
  private interface Failing {
    Object run() throws IOException;
  }

  private static String messageOf(Failing failing) {
    try {
      failing.run();
      throw new AssertionError("expected a failure");
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** The configured pool size holds; 0 leaves every record to its reader. */
  @Test
  void thePoolHasTheConfiguredSizeAndZeroInflatesInTheCaller() throws Exception {
    byte[] gzip = Fixtures.gzip("{}".getBytes());
    ParallelInflate none = new ParallelInflate(0);
    assertThat(none.threadCount()).isZero();
    try (InputStream inline = none.open(gzip)) {
      assertThat(inline).isInstanceOf(Gunzip.class);
    }
    assertThat(new ParallelInflate(3).threadCount()).isEqualTo(3);
    assertThatThrownBy(() -> new ParallelInflate(-1)).hasMessageContaining("0 or more");
  }

  /**
   * The default follows the processors the JVM sees: under a CPU limit of 2 the JVM sees 2 (its
   * container support), so one inflate thread, whatever the node has.
   */
  @Test
  void theDefaultIsOneFewerThanTheProcessorsTheJvmSees() {
    assertThat(ParallelInflate.defaultThreads(1)).isZero();
    assertThat(ParallelInflate.defaultThreads(2)).isEqualTo(1);
    assertThat(ParallelInflate.defaultThreads(64)).isEqualTo(63);
    assertThat(ParallelInflate.defaultThreads())
        .isEqualTo(Runtime.getRuntime().availableProcessors() - 1);
  }
}
