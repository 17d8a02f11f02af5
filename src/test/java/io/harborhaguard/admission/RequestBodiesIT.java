package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request bodies read into one array, on a real Vert.x server, by hand-written HTTP requests. */
class RequestBodiesIT {

  private static final long LIMIT = 1024;
  private static final long LARGE_LIMIT = 256 * 1024;

  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.post("/review").handler(context -> answer(context, LIMIT));
    router.post("/review-large").handler(context -> answer(context, LARGE_LIMIT));
    router
        .post("/review-length")
        .handler(
            context ->
                RequestBodies.read(context.request(), Long.MAX_VALUE)
                    .map(
                        body ->
                            "native "
                                + RequestBodies.nativeBytes()
                                + " length "
                                + body.take().length)
                    .onSuccess(context.response()::end)
                    .onFailure(context::fail));
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  private static void answer(RoutingContext context, long limit) {
    RequestBodies.read(context.request(), limit)
        .map(RequestBodies.Body::take)
        .onSuccess(
            body ->
                context
                    .response()
                    .end(body.length + ":" + new String(body, StandardCharsets.US_ASCII)))
        .onFailure(
            failure ->
                context.fail(failure instanceof RequestBodies.TooLarge ? 413 : 500, failure));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBodyWithItsLengthIsReadWhole() throws Exception {
    String body = "{\"kind\":\"AdmissionReview\"}".repeat(30);
    assertThat(exchange("Content-Length: " + body.length() + "\r\n", body))
        .startsWith("HTTP/1.1 200")
        .endsWith(body.length() + ":" + body);
  }

  @Test
  void anEmptyBodyIsEmpty() throws Exception {
    assertThat(exchange("Content-Length: 0\r\n", "")).startsWith("HTTP/1.1 200").endsWith("0:");
  }

  @Test
  void aChunkedBodyIsReadWhole() throws Exception {
    String body = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    assertThat(exchange("Transfer-Encoding: chunked\r\n", body))
        .startsWith("HTTP/1.1 200")
        .endsWith("11:hello world");
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
    assertThat(exchange("Content-Length: " + (LIMIT + 1) + "\r\n", "")).startsWith("HTTP/1.1 413");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefused() throws Exception {
    String chunk = "x".repeat((int) LIMIT);
    String hex = Integer.toHexString(chunk.length());
    String body = hex + "\r\n" + chunk + "\r\n" + hex + "\r\n" + chunk + "\r\n0\r\n\r\n";
    assertThat(exchange("Transfer-Encoding: chunked\r\n", body)).startsWith("HTTP/1.1 413");
  }

  /**
   * Every way a body ends gives its pooled memory back: taken, refused, or cut off by the client.
   */
  @Test
  void noPathKeepsPooledMemory() throws Exception {
    long before = heldBodies();
    String body = "{\"kind\":\"AdmissionReview\"}".repeat(2000);
    assertThat(exchange("/review-large", "Content-Length: " + body.length() + "\r\n", body))
        .startsWith("HTTP/1.1 200")
        .endsWith(body.length() + ":" + body);
    String chunk = "x".repeat((int) LARGE_LIMIT / 2 + 1);
    String hex = Integer.toHexString(chunk.length());
    assertThat(
            exchange(
                "/review-large",
                "Transfer-Encoding: chunked\r\n",
                hex + "\r\n" + chunk + "\r\n" + hex + "\r\n" + chunk + "\r\n0\r\n\r\n"))
        .startsWith("HTTP/1.1 413");
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket
          .getOutputStream()
          .write(
              ("POST /review-large HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n"
                      + "{\"cut\":")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      awaitHeldBodies(before + 1); // the cut-off body is being read
    }
    awaitHeldBodies(before);
    assertThat(RequestBodies.nativeBytes()).isZero();
  }

  /** A body past the native budget is read onto the heap, whole; one within it is held natively. */
  @Test
  void aBodyBeyondTheNativeBudgetIsReadAllTheSame() throws Exception {
    assertThat(exchange("/review-length", "Content-Length: 5\r\n", "small"))
        .endsWith("native 5 length 5");
    int length = (int) RequestBodies.NATIVE_BUDGET_BYTES + 1;
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(20_000);
      var out = socket.getOutputStream();
      out.write(
          ("POST /review-length HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
                  + length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] block = new byte[1 << 20];
      Arrays.fill(block, (byte) 'x');
      for (int sent = 0; sent < length; sent += block.length) {
        out.write(block, 0, Math.min(block.length, length - sent));
      }
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("native 0 length " + length);
    }
    assertThat(RequestBodies.nativeBytes()).isZero();
  }

  private static long heldBodies() {
    return RequestBodies.held();
  }

  private static void awaitHeldBodies(long expected) {
    await("held bodies")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(RequestBodiesIT::heldBodies, held -> held == expected);
  }

  /** The status line, and for a 200 the answer's body after it. */
  private String exchange(String headers, String body) throws Exception {
    return exchange("/review", headers, body);
  }

  private String exchange(String path, String headers, String body) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(5000);
      String request =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
              + headers
              + "\r\n"
              + body;
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader answer =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = answer.readLine();
      if (!status.startsWith("HTTP/1.1 200")) {
        return status;
      }
      String line;
      while ((line = answer.readLine()) != null && !line.isEmpty()) {
        // headers
      }
      StringBuilder content = new StringBuilder();
      int c;
      while ((c = answer.read()) >= 0) {
        content.append((char) c);
      }
      return status + "\n" + content;
    }
  }
}
