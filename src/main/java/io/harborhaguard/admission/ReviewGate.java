package io.harborhaguard.admission;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits at most {@code slots} reviews at a time, from the first byte of the body read to the
 * answer written. A request beyond that waits, paused and unread, until a slot is free: a burst
 * of release reviews stays in the kernel's socket buffers instead of in the heap, so the guard's
 * memory is bounded by its slots, not by the burst. Waiting requests go in arrival order; one
 * whose client has gone is dropped when its turn comes.
 *
 * <p>A slot is returned when the answer is written, when the request fails (413, bad body) and
 * when the connection closes, whichever comes first, exactly once. It is a platform handler so
 * that it may run before the body handler.
 */
final class ReviewGate implements PlatformHandler {

  private record Waiting(RoutingContext request, Context eventLoop) {}

  private final Semaphore slots;
  private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();

  ReviewGate(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a review gate needs at least one slot");
    }
    this.slots = new Semaphore(slots);
  }

  /** Passes the request on now, or once a slot is free. */
  @Override
  public void handle(RoutingContext request) {
    request.request().pause();
    waiting.add(new Waiting(request, Vertx.currentContext()));
    dispatch();
  }

  int free() {
    return slots.availablePermits();
  }

  int waiting() {
    return waiting.size();
  }

  /** Hands free slots to waiting requests; called after every arrival and every return. */
  private void dispatch() {
    while (!waiting.isEmpty() && slots.tryAcquire()) {
      Waiting next = waiting.poll();
      if (next == null) {
        slots.release();
        return;
      }
      if (next.request().response().closed() || next.request().response().ended()) {
        slots.release();
        continue;
      }
      AtomicBoolean returned = new AtomicBoolean();
      Runnable giveBack = () -> {
        if (returned.compareAndSet(false, true)) {
          slots.release();
          dispatch();
        }
      };
      // Called on the answer, on a failure and on a closed connection alike.
      next.request().addEndHandler(ended -> giveBack.run());
      if (next.eventLoop() == null) {
        next.request().next();
      } else {
        next.eventLoop().runOnContext(go -> next.request().next());
      }
    }
  }
}
