package io.harborhaguard.admission;

import io.harborhaguard.config.GuardConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code POST /validate} and {@code POST /mutate} as plain Vert.x routes: the body is read whole
 * off the heap ({@link RequestBodies}; a body over {@code quarkus.http.limits.max-body-size} is a
 * 413 before it is read) and taken as one array by the review thread, the review runs on a worker
 * thread (release reviews decode and may ask the Kubernetes API), and the answer goes back as JSON.
 * Without a JAX-RS layer an object review costs about half the CPU (docs/decisions.md).
 */
@Singleton
public class AdmissionRoutes {

  private static final Logger LOG = Logger.getLogger(AdmissionRoutes.class);

  @Inject ValidateEndpoint validate;
  @Inject MutateEndpoint mutate;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "4M")
  MemorySize maxBodySize;

  @Inject GuardConfig config;

  private WorkerExecutor reviews;
  private Vertx vertx;

  /** Reviews read whole and not yet run to the end: waiting for a review thread or running. */
  private final AtomicInteger queued = new AtomicInteger();

  private int maxQueued;

  void register(@Observes Router router, Vertx vertx) {
    this.vertx = vertx;
    int threads = threads(config.reviewThreads().orElse(0));
    reviews = vertx.createSharedWorkerExecutor("harbor-ha-guard-review", threads);
    maxQueued = threads + config.reviewQueue();
    router.post("/validate").handler(context -> answer(context, validate::validate));
    router.post("/mutate").handler(context -> answer(context, mutate::mutate));
  }

  /**
   * Reviews run on a pool of their own, four threads per processor unless configured: enough to
   * ride out a slow Kubernetes API (lookups are bounded to a second or two), few enough that a
   * burst of release reviews queues as request bodies instead of decoding sixty at once, each
   * holding a megabyte of buffers and a thread.
   */
  static int threads(int configured) {
    return configured > 0
        ? configured
        : Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
  }

  private void answer(RoutingContext context, Function<byte[], AdmissionHandler.Answer> webhook) {
    HttpServerRequest request = context.request();
    long deadline =
        vertx.setTimer(config.requestReadTimeout().toMillis(), id -> cutSlowClient(request));
    RequestBodies.read(request, maxBodySize.asLongValue())
        .onComplete(read -> vertx.cancelTimer(deadline))
        .compose(this::queued)
        .compose(
            body ->
                reviews
                    .executeBlocking(() -> webhook.apply(body.take()), false)
                    .onFailure(notRun -> body.release())
                    .onComplete(done -> queued.decrementAndGet()))
        .onSuccess(
            answer ->
                context
                    .response()
                    .setStatusCode(answer.status())
                    .putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(answer.json())))
        .onFailure(failure -> failed(context, failure));
  }

  /**
   * A body read whole takes a place among the reviews waiting for or running on a review thread;
   * past {@code review-threads + review-queue} of them it is answered 429 at once and dropped, so a
   * flood from any client neither piles up memory nor delays reviews past the API server's timeout.
   */
  private Future<RequestBodies.Body> queued(RequestBodies.Body body) {
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      body.release();
      return Future.failedFuture(new QueueFull());
    }
    return Future.succeededFuture(body);
  }

  /** More reviews are waiting than {@code review-queue} allows. */
  static final class QueueFull extends RuntimeException {
    QueueFull() {
      super("review queue full", null, false, false);
    }
  }

  /**
   * A request whose body has not arrived within {@code request-read-timeout} of its headers holds a
   * connection and a buffer for nothing: its connection is closed.
   */
  private void cutSlowClient(HttpServerRequest request) {
    if (!request.isEnded()) {
      LOG.debugf(
          "closing the connection of %s: its request body did not arrive within %s",
          request.remoteAddress(), config.requestReadTimeout());
      request.connection().close();
    }
  }

  /**
   * A body over the limit is a 413, a full queue a 429 (the API server treats both as a failed
   * call, by the webhook's failurePolicy); a client that went away is nobody's error.
   */
  private static void failed(RoutingContext context, Throwable failure) {
    if (failure instanceof QueueFull) {
      if (!context.response().closed()) {
        context.response().setStatusCode(429).putHeader("Retry-After", "1").end();
      }
    } else if (failure instanceof RequestBodies.TooLarge) {
      if (!context.response().closed()) {
        context.response().setStatusCode(413).end();
      }
    } else if (failure instanceof HttpClosedException || context.response().closed()) {
      LOG.debugf("client went away before its review was answered: %s", failure.getMessage());
    } else {
      context.fail(500, failure);
    }
  }
}
