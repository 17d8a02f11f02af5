package io.harborhaguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.tls.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * The two references the guard is measured against, each a bare Vert.x HTTPS server: {@code bare}
 * reads the body and answers a fixed AdmissionReview (the transport floor); {@code minimal} parses
 * the review into a tree, echoes the uid and, for a release Secret, does base64 twice, gunzip and a
 * full Jackson parse of the release (the naive decode floor). Usage: {@code ReferenceEndpoint
 * bare|minimal PORT [TLS_DIR]}.
 */
public final class ReferenceEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Buffer FIXED =
      Buffer.buffer(
          "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"fixed\",\"allowed\":true}}");

  private ReferenceEndpoint() {}

  public static void main(String[] args) throws Exception {
    boolean minimal = "minimal".equals(args[0]);
    int port = Integer.parseInt(args[1]);
    // the same certificate as the guard's, made before any server starts: startup excludes keygen
    var tls =
        SelfSignedCertificate.ensure(
            args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("bench-tls"));
    Vertx vertx = Vertx.vertx();
    HttpServerOptions options =
        new HttpServerOptions()
            .setSsl(true)
            .setPort(port)
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setCertPath(tls.certificate().toString())
                    .setKeyPath(tls.key().toString()));
    vertx
        .createHttpServer(options)
        .requestHandler(
            request ->
                request
                    .body()
                    .onSuccess(
                        body -> {
                          if (!minimal) {
                            request
                                .response()
                                .putHeader("Content-Type", "application/json")
                                .end(FIXED);
                            return;
                          }
                          vertx
                              .<Buffer>executeBlocking(
                                  () -> Buffer.buffer(answer(body.getBytes())), false)
                              .onSuccess(
                                  answer ->
                                      request
                                          .response()
                                          .putHeader("Content-Type", "application/json")
                                          .end(answer))
                              .onFailure(e -> request.response().setStatusCode(400).end());
                        }))
        .listen()
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    System.out.println("listening on " + port);
  }

  static byte[] answer(byte[] body) throws Exception {
    JsonNode review = JSON.readTree(body);
    JsonNode release = review.at("/request/object/data/release");
    if (release.isTextual()) {
      byte[] helm = Base64.getDecoder().decode(release.asText());
      byte[] gz = Base64.getDecoder().decode(new String(helm, StandardCharsets.US_ASCII).trim());
      JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
    }
    ObjectNode answer =
        JSON.createObjectNode()
            .put("apiVersion", "admission.k8s.io/v1")
            .put("kind", "AdmissionReview");
    answer
        .putObject("response")
        .put("uid", review.at("/request/uid").asText())
        .put("allowed", true);
    return JSON.writeValueAsBytes(answer);
  }
}
