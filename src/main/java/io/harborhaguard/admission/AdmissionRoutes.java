package io.harborhaguard.admission;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /validate} and {@code POST /mutate} as plain Vert.x routes: the body is read whole
 * (a body over {@code quarkus.http.limits.max-body-size} is a 413 before it is read), the review
 * runs on a worker thread (release reviews decode and may ask the Kubernetes API), and the
 * answer goes back as JSON. Without a JAX-RS layer an object review costs about half the CPU
 * (bench/README.md, run F).
 */
@Singleton
public class AdmissionRoutes {

  private static final byte[] EMPTY = new byte[0];

  @Inject ValidateEndpoint validate;
  @Inject MutateEndpoint mutate;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "4M")
  MemorySize maxBodySize;

  void register(@Observes Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
    router.post("/validate").handler(body).handler(context -> answer(context, validate::validate));
    router.post("/mutate").handler(body).handler(context -> answer(context, mutate::mutate));
  }

  private static void answer(RoutingContext context, Function<byte[], AdmissionHandler.Answer> webhook) {
    RequestBody requestBody = context.body();
    byte[] bytes = requestBody == null || requestBody.buffer() == null ? EMPTY : requestBody.buffer().getBytes();
    context.vertx()
        .executeBlocking(() -> webhook.apply(bytes), false)
        .onSuccess(answer -> context.response()
            .setStatusCode(answer.status())
            .putHeader("Content-Type", "application/json")
            .end(Buffer.buffer(answer.json())))
        .onFailure(context::fail);
  }
}
