package io.harborhaguard.admission;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a request body off the heap, into pooled native memory of exactly its declared length,
 * until a review thread takes it as one array (a body without a length grows on the heap, up to the
 * limit). Under load most bodies wait for a review thread; held on the heap, release records of 180
 * KB outlive young collections and fill the old generation, which then stays resident
 * (docs/decisions.md). A body over the limit fails with {@link TooLarge}, before it is read when
 * its length says so. Past {@link #NATIVE_BUDGET_BYTES} of bodies, or when native memory is short,
 * a body is read onto the heap instead.
 */
final class RequestBodies {

  private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;

  /** Native memory for bodies at most: 350 release records of 180 KB. */
  static final long NATIVE_BUDGET_BYTES = 64L * 1024 * 1024;

  private static final AtomicInteger HELD = new AtomicInteger();
  private static final AtomicLong NATIVE_BYTES = new AtomicLong();

  /** The body is larger than the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("request body over the limit", null, false, false);
    }
  }

  /** A body read whole and not yet taken; it holds pooled memory until {@link #take()}. */
  static final class Body {
    private final AtomicReference<ByteBuf> held;

    private Body(ByteBuf bytes) {
      held = new AtomicReference<>(bytes);
    }

    /** The body as an array; its pooled memory goes back. Once only. */
    byte[] take() {
      ByteBuf bytes = held.getAndSet(null);
      if (bytes == null) {
        throw new IllegalStateException("the body was taken or released before");
      }
      try {
        byte[] array = new byte[bytes.readableBytes()];
        bytes.readBytes(array);
        return array;
      } finally {
        free(bytes);
      }
    }

    /** Gives the pooled memory back without reading it; nothing happens after {@link #take()}. */
    void release() {
      ByteBuf bytes = held.getAndSet(null);
      if (bytes != null) {
        free(bytes);
      }
    }
  }

  private RequestBodies() {}

  static Future<Body> read(HttpServerRequest request, long limit) {
    long declared = declaredLength(request);
    if (declared > limit) {
      return Future.failedFuture(new TooLarge());
    }
    if (request.isEnded()) {
      return Future.succeededFuture(new Body(Unpooled.EMPTY_BUFFER)); // empty, or read before
    }
    Promise<Body> body = Promise.promise();
    ByteBuf bytes = allocate(declared, limit);
    request.handler(
        chunk -> {
          if (bytes.refCnt() == 0) {
            return; // failed before; the rest of the body is dropped
          }
          if (chunk.length() > bytes.maxWritableBytes()) {
            request.pause();
            free(bytes);
            body.tryFail(new TooLarge());
            return;
          }
          bytes.writeBytes(chunk.getByteBuf());
        });
    request.exceptionHandler(
        failure -> {
          if (body.tryFail(failure)) {
            free(bytes);
          }
        });
    request.endHandler(
        end -> {
          if (bytes.refCnt() > 0 && !body.tryComplete(new Body(bytes))) {
            free(bytes);
          }
        });
    request.resume();
    return body.future();
  }

  /** Bodies read or being read and not yet taken or dropped. */
  static int held() {
    return HELD.get();
  }

  /** Native memory held by bodies, as reserved by their declared lengths. */
  static long nativeBytes() {
    return NATIVE_BYTES.get();
  }

  /**
   * A body of a declared length goes into pooled native memory while the budget lasts; beyond it (a
   * burst of large bodies), and for a body without a length, onto the heap.
   */
  private static ByteBuf allocate(long declared, long limit) {
    ByteBuf bytes = null;
    if (declared >= 0 && NATIVE_BYTES.addAndGet(declared) <= NATIVE_BUDGET_BYTES) {
      try {
        bytes = POOL.directBuffer((int) declared, (int) declared);
      } catch (OutOfMemoryError nativeMemoryShort) {
        bytes = null;
      }
    }
    if (bytes == null) {
      if (declared >= 0) {
        NATIVE_BYTES.addAndGet(-declared);
      }
      int maximum = (int) Math.min(declared >= 0 ? declared : limit, Integer.MAX_VALUE);
      bytes = Unpooled.buffer(Math.min(8192, maximum), maximum);
    }
    HELD.incrementAndGet();
    return bytes;
  }

  private static void free(ByteBuf bytes) {
    boolean reserved = bytes.isDirect();
    int capacity = bytes.maxCapacity();
    if (bytes.release()) {
      HELD.decrementAndGet();
      if (reserved) {
        NATIVE_BYTES.addAndGet(-capacity);
      }
    }
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
}
