package io.harborhaguard.helm.release;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that fails once more than {@code limit} bytes were read (a gzip bomb stops
 * early).
 */
final class Bounded extends FilterInputStream {

  /** Thrown when the limit is passed. */
  static final class TooLarge extends IOException {
    private final long limit;

    TooLarge(long limit) {
      super("size limit passed");
      this.limit = limit;
    }

    long limit() {
      return limit;
    }
  }

  private long limit;
  private long read;

  Bounded(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  /** From now on the whole stream may hold at most {@code tighter} bytes (already read count). */
  void limitTo(long tighter) throws TooLarge {
    limit = Math.min(limit, tighter);
    if (read > limit) {
      throw new TooLarge(limit);
    }
  }

  private void count(int n) throws TooLarge {
    read += n;
    if (read > limit) {
      throw new TooLarge(limit);
    }
  }
}
