package io.harborhaguard.admission;

import io.harborhaguard.config.GuardConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /validate} and {@code POST /mutate} as plain Vert.x routes: the body is read whole
 * off the heap ({@link RequestBodies}; a body over {@code quarkus.http.limits.max-body-size} is a
 * 413 before it is read) and taken as one array by the review thread, the review runs on a worker
 * thread (release reviews decode and may ask the Kubernetes API), and the answer goes back as JSON.
 * Without a JAX-RS layer an object review costs about half the CPU (docs/decisions.md).
 */
@Singleton
public class AdmissionRoutes {

  @Inject ValidateEndpoint validate;
  @Inject MutateEndpoint mutate;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "4M")
  MemorySize maxBodySize;

  @Inject GuardConfig config;

  private WorkerExecutor reviews;

  void register(@Observes Router router, Vertx vertx) {
    int threads = threads(config.reviewThreads().orElse(0));
    reviews = vertx.createSharedWorkerExecutor("harbor-ha-guard-review", threads);
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
    RequestBodies.read(context.request(), maxBodySize.asLongValue())
        .compose(
            body ->
                reviews
                    .executeBlocking(() -> webhook.apply(body.take()), false)
                    .onFailure(notRun -> body.release()))
        .onSuccess(
            answer ->
                context
                    .response()
                    .setStatusCode(answer.status())
                    .putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(answer.json())))
        .onFailure(
            failure ->
                context.fail(failure instanceof RequestBodies.TooLarge ? 413 : 500, failure));
  }
}
