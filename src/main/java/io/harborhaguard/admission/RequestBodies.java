package io.harborhaguard.admission;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a request body off the heap, into pooled native memory of exactly its declared length
 * (a body without a length grows up to the limit), until a review thread takes it as one array.
 * Under load most bodies wait for a review thread: on the heap, sixty release records of 180 KB
 * outlived every young collection, were promoted, and filled the old generation, which then
 * stayed resident (bench/README.md, "RSS at c=64"). A body over the limit fails with {@link
 * TooLarge}, before it is read when its length says so. When native memory is short, the body
 * is read onto the heap instead.
 */
final class RequestBodies {

  private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;
  private static final AtomicInteger HELD = new AtomicInteger();

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
    ByteBuf bytes = declared >= 0 ? allocate((int) declared, (int) declared) : allocate((int) Math.min(8192, limit), (int) Math.min(limit, Integer.MAX_VALUE));
    request.handler(chunk -> {
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
    request.exceptionHandler(failure -> {
      if (body.tryFail(failure)) {
        free(bytes);
      }
    });
    request.endHandler(end -> {
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

  /** Pooled native memory, or the heap when the pool cannot have more. */
  private static ByteBuf allocate(int initial, int maximum) {
    ByteBuf bytes;
    try {
      bytes = POOL.directBuffer(initial, maximum);
    } catch (OutOfMemoryError nativeMemoryShort) {
      bytes = Unpooled.buffer(initial, maximum);
    }
    HELD.incrementAndGet();
    return bytes;
  }

  private static void free(ByteBuf bytes) {
    if (bytes.release()) {
      HELD.decrementAndGet();
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
