package io.harborhaguard.helm.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inflates a gzip record on a second thread while the caller parses what is inflated so far: on an
 * otherwise idle machine a release review then takes about as long as the slower of the two (zlib,
 * about two thirds of the decode) instead of their sum. Only when a thread of its pool is free:
 * under load every processor is busy with other reviews, and the caller inflates the record itself
 * without any hand-over.
 *
 * <p>The pool's size is {@code harbor-ha-guard.inflate-threads}; by default one fewer than the
 * processors the JVM sees, which in a container with a CPU limit is the limit, not the node's
 * processors. With 0 every record is inflated by its caller.
 *
 * <p>The stream reads exactly what {@link java.util.zip.GZIPInputStream} would give, and fails with
 * the same exceptions ({@link Gunzip}). Closing it early (a parse error, a size limit) stops the
 * other thread at its next chunk.
 */
final class ParallelInflate {

  static final int CHUNK_BYTES = 32 * 1024;
  private static final int BUFFERS = 3;

  /**
   * Far longer than inflating a record within the size limit takes; a hand-over that waits this
   * long fails (the other side has gone) instead of holding a thread.
   */
  private static final long STALL_SECONDS = 10;

  /**
   * Made once: under load nearly every review finds the threads busy, and the default policy's
   * exception describes the pool (under its lock) and records a stack trace every time.
   */
  private static final RejectedExecutionException BUSY =
      new RejectedExecutionException("no free inflate thread");

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final ThreadPoolExecutor threads;

  /** A pool of at most {@code threadCount} threads, made when needed, gone after 30 s idle. */
  ParallelInflate(int threadCount) {
    if (threadCount < 0) {
      throw new IllegalArgumentException("inflate threads must be 0 or more, not " + threadCount);
    }
    this.threads =
        threadCount == 0
            ? null
            : new ThreadPoolExecutor(
                0,
                threadCount,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                ParallelInflate::thread,
                (task, pool) -> {
                  throw BUSY;
                });
  }

  /**
   * One processor short of all the JVM sees: with a single processor there is nothing to spread.
   */
  static int defaultThreads(int processors) {
    return Math.max(0, processors - 1);
  }

  static int defaultThreads() {
    return defaultThreads(Runtime.getRuntime().availableProcessors());
  }

  int threadCount() {
    return threads == null ? 0 : threads.getMaximumPoolSize();
  }

  /** The inflated record: on a free thread when there is one, else in the caller. */
  InputStream open(byte[] gzip) throws IOException {
    return threads == null ? Gunzip.open(gzip) : open(gzip, threads);
  }

  static InputStream open(byte[] gzip, Executor threads) throws IOException {
    Inflating inflating = new Inflating(gzip);
    try {
      threads.execute(inflating);
      return inflating;
    } catch (RejectedExecutionException busy) {
      return Gunzip.open(gzip);
    }
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "harbor-ha-guard-inflate-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /** Inflated bytes, or the end, or the failure that ended inflating. */
  private record Chunk(byte[] bytes, int length, IOException failure) {
    static final Chunk END = new Chunk(null, 0, null);
  }

  /** The producer (run on the other thread) and the stream the caller reads. */
  private static final class Inflating extends InputStream implements Runnable {
    private final byte[] gzip;
    private final BlockingQueue<Chunk> inflated = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private volatile boolean closed;
    private Chunk current;
    private int position;
    private final byte[] single = new byte[1];

    /** Buffers the producer has made; they go round between it and the reader. */
    private int allocated;

    Inflating(byte[] gzip) {
      this.gzip = gzip;
    }

    /** A free buffer, made when fewer than {@link #BUFFERS} exist; null when the reader stalls. */
    private byte[] buffer() throws InterruptedException {
      byte[] buffer = free.poll();
      if (buffer == null && allocated < BUFFERS) {
        allocated++;
        return new byte[CHUNK_BYTES];
      }
      return buffer != null ? buffer : free.poll(STALL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void run() {
      try (InputStream in = Gunzip.open(gzip)) {
        while (!closed) {
          byte[] buffer = buffer();
          if (buffer == null) {
            return; // the reader stopped reading; it closes, or has gone
          }
          int length = in.readNBytes(buffer, 0, buffer.length);
          if (length > 0) {
            hand(new Chunk(buffer, length, null));
          }
          if (length < buffer.length) {
            hand(Chunk.END);
            return;
          }
        }
      } catch (IOException e) {
        hand(new Chunk(null, 0, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | Error e) {
        hand(new Chunk(null, 0, new IOException("inflating failed: " + e, e)));
      }
    }

    /** Waits while the reader is behind; gives up when it closes or stalls. */
    private void hand(Chunk chunk) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_SECONDS);
      try {
        while (!closed && !inflated.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
          if (System.nanoTime() > deadline) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public int read() throws IOException {
      return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (current == null || (current != Chunk.END && position == current.length())) {
        next();
      }
      if (current == Chunk.END) {
        return -1;
      }
      int n = Math.min(length, current.length() - position);
      System.arraycopy(current.bytes(), position, into, offset, n);
      position += n;
      return n;
    }

    private void next() throws IOException {
      if (current != null) {
        free.offer(current.bytes());
      }
      try {
        current = inflated.poll(STALL_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while inflating the release");
      }
      position = 0;
      if (current == null) {
        throw new IOException("inflating the release stalled");
      }
      if (current.failure() != null) {
        IOException failure = current.failure();
        current = Chunk.END;
        throw failure;
      }
    }

    /** Stops the producer: the buffers it waits for come back, and it sees {@code closed}. */
    @Override
    public void close() {
      closed = true;
      Chunk dropped;
      while ((dropped = inflated.poll()) != null) {
        if (dropped.bytes() != null) {
          free.offer(dropped.bytes());
        }
      }
      if (current != null && current.bytes() != null) {
        free.offer(current.bytes());
      }
      current = Chunk.END;
    }
  }
}
