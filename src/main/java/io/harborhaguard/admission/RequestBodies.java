package io.harborhaguard.admission;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;

/**
 * Reads a request body into one array of exactly its declared length, so a review holds its body
 * once: a general body handler grows a buffer by doubling and is then copied into an array, three
 * allocations of up to twice the body for a release record of a few hundred kilobytes. A body
 * without a length (chunked) grows as usual. A body over the limit fails with {@link TooLarge},
 * before it is read when its length says so.
 */
final class RequestBodies {

  /** The body is larger than the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("request body over the limit", null, false, false);
    }
  }

  private RequestBodies() {}

  static Future<byte[]> read(HttpServerRequest request, long limit) {
    long declared = declaredLength(request);
    if (declared > limit) {
      return Future.failedFuture(new TooLarge());
    }
    if (request.isEnded()) {
      return Future.succeededFuture(new byte[0]); // an empty body, or one read before
    }
    Promise<byte[]> body = Promise.promise();
    Sink sink = declared >= 0 ? new Exact((int) declared) : new Growing(limit);
    request.handler(chunk -> {
      if (!sink.append(chunk)) {
        request.pause();
        body.tryFail(new TooLarge());
      }
    });
    request.exceptionHandler(body::tryFail);
    request.endHandler(end -> body.tryComplete(sink.bytes()));
    request.resume();
    return body.future();
  }

  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // the HTTP codec refuses such a request before it gets here
    }
  }

  private interface Sink {
    /** Appends a chunk; false when that passes the limit. */
    boolean append(Buffer chunk);

    byte[] bytes();
  }

  private static final class Exact implements Sink {
    private final byte[] bytes;
    private int length;

    Exact(int declared) {
      bytes = new byte[declared];
    }

    @Override
    public boolean append(Buffer chunk) {
      if (chunk.length() > bytes.length - length) {
        return false;
      }
      chunk.getBytes(0, chunk.length(), bytes, length);
      length += chunk.length();
      return true;
    }

    @Override
    public byte[] bytes() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }

  private static final class Growing implements Sink {
    private final long limit;
    private final Buffer buffer = Buffer.buffer();

    Growing(long limit) {
      this.limit = limit;
    }

    @Override
    public boolean append(Buffer chunk) {
      if (buffer.length() + (long) chunk.length() > limit) {
        return false;
      }
      buffer.appendBuffer(chunk);
      return true;
    }

    @Override
    public byte[] bytes() {
      return buffer.getBytes();
    }
  }
}
