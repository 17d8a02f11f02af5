package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Admission as kube-apiserver runs it before persisting a CREATE or UPDATE: every matching mutating
 * webhook of the shipped configurations, its JSONPatch applied, then every matching validating
 * webhook; a denial becomes the Status the API server answers, an unreachable webhook follows its
 * failurePolicy.
 */
final class WebhookChain {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The one CEL shape the shipped configurations use; any other expression fails loudly. */
  private static final Pattern FIELD_EQUALS =
      Pattern.compile("has\\(object\\.(\\w+)\\) && object\\.(\\w+) == '([^']*)'");

  /**
   * What admission is asked about. {@code subresource} is empty for the object itself, e.g. {@code
   * scale} for a workload's scale subresource, whose object is of {@code objectKind} (Scale).
   */
  record Request(
      Kind kind,
      String operation,
      String namespace,
      String name,
      ObjectNode object,
      ObjectNode oldObject,
      boolean dryRun,
      String fieldManager,
      String subresource,
      Kind objectKind) {

    Request(
        Kind kind,
        String operation,
        String namespace,
        String name,
        ObjectNode object,
        ObjectNode oldObject,
        boolean dryRun,
        String fieldManager) {
      this(kind, operation, namespace, name, object, oldObject, dryRun, fieldManager, "", kind);
    }

    /** The rules' resource: {@code deployments}, or {@code deployments/scale}. */
    String resource() {
      return subresource.isEmpty() ? kind.resource() : kind.resource() + "/" + subresource;
    }
  }

  record Admitted(ObjectNode object, List<String> warnings) {}

  /** The API server's answer when admission refuses: an HTTP code and a Status body. */
  static final class Refused extends Exception {
    final int code;
    final String reason;

    /** Warnings of the webhooks called so far: the API server sends them with the refusal too. */
    final List<String> warnings = new ArrayList<>();

    Refused(int code, String reason, String message) {
      super(message);
      this.code = code;
      this.reason = reason;
    }
  }

  private final List<JsonNode> mutating;
  private final List<JsonNode> validating;
  private final URI guard;
  private final HttpClient client;

  WebhookChain(
      Path mutatingConfiguration, Path validatingConfiguration, URI guard, SSLContext trust)
      throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    this.mutating = webhooks(yaml.readTree(mutatingConfiguration.toFile()));
    this.validating = webhooks(yaml.readTree(validatingConfiguration.toFile()));
    this.guard = guard;
    this.client =
        HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static List<JsonNode> webhooks(JsonNode configuration) {
    List<JsonNode> hooks = new ArrayList<>();
    configuration.path("webhooks").forEach(hooks::add);
    return hooks;
  }

  Admitted admit(Request request, JsonNode namespaceLabels) throws Refused {
    List<String> warnings = new ArrayList<>();
    try {
      return admit(request, namespaceLabels, warnings);
    } catch (Refused refused) {
      refused.warnings.addAll(warnings);
      throw refused;
    }
  }

  private Admitted admit(Request request, JsonNode namespaceLabels, List<String> warnings)
      throws Refused {
    ObjectNode object =
        consult(mutating, true, request, request.object(), namespaceLabels, warnings);
    consult(validating, false, request, object, namespaceLabels, warnings);
    return new Admitted(object, List.copyOf(warnings));
  }

  /**
   * Calls each matching webhook in order; returns the object with the patches applied when the
   * webhooks may patch (mutating ones: the API server ignores a validating webhook's patch).
   */
  private ObjectNode consult(
      List<JsonNode> hooks,
      boolean mayPatch,
      Request request,
      ObjectNode object,
      JsonNode namespaceLabels,
      List<String> warnings)
      throws Refused {
    for (JsonNode hook : hooks) {
      if (matches(hook, request, object, namespaceLabels)) {
        JsonNode response = call(hook, request, object);
        if (response != null) {
          response.path("warnings").forEach(w -> warnings.add(w.asText()));
          refuseIfDenied(hook, response);
          object = mayPatch ? patched(object, response) : object;
        }
      }
    }
    return object;
  }

  private static boolean matches(
      JsonNode hook, Request request, ObjectNode object, JsonNode namespaceLabels) {
    boolean ruleMatches = false;
    for (JsonNode rule : hook.path("rules")) {
      ruleMatches |=
          listed(rule.path("operations"), request.operation())
              && listed(rule.path("apiGroups"), request.kind().group())
              && listed(rule.path("apiVersions"), request.kind().version())
              && listed(rule.path("resources"), request.resource())
              && scopeMatches(rule.path("scope").asText("*"), request.kind());
    }
    return ruleMatches
        && Selectors.matches(hook.path("namespaceSelector"), namespaceLabels)
        && (Selectors.matches(hook.path("objectSelector"), object.path("metadata").path("labels"))
            || request.oldObject() != null
                && Selectors.matches(
                    hook.path("objectSelector"),
                    request.oldObject().path("metadata").path("labels")))
        && conditionsHold(hook.path("matchConditions"), object);
  }

  private static boolean listed(JsonNode values, String value) {
    for (JsonNode v : values) {
      if (v.asText().equals("*") || v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean scopeMatches(String scope, Kind kind) {
    return scope.equals("*") || scope.equals(kind.namespaced() ? "Namespaced" : "Cluster");
  }

  private static boolean conditionsHold(JsonNode conditions, ObjectNode object) {
    for (JsonNode condition : conditions) {
      String expression = condition.path("expression").asText();
      Matcher m = FIELD_EQUALS.matcher(expression);
      if (!m.matches() || !m.group(1).equals(m.group(2))) {
        throw new IllegalStateException(
            "matchCondition the stand-in cannot evaluate: " + expression);
      }
      if (!object.has(m.group(1)) || !object.path(m.group(1)).asText().equals(m.group(3))) {
        return false;
      }
    }
    return true;
  }

  /** The webhook's response, or null when it failed and its failurePolicy is Ignore. */
  private JsonNode call(JsonNode hook, Request request, ObjectNode object) throws Refused {
    String name = hook.path("name").asText();
    int timeout = hook.path("timeoutSeconds").asInt(10);
    URI uri =
        guard.resolve(
            hook.path("clientConfig").path("service").path("path").asText()
                + "?timeout="
                + timeout
                + "s");
    String uid = UUID.randomUUID().toString();
    try {
      HttpResponse<byte[]> answer =
          client.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(timeout))
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          JSON.writeValueAsBytes(review(uid, request, object))))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        throw new IOException("received invalid webhook response: HTTP " + answer.statusCode());
      }
      JsonNode response = JSON.readTree(answer.body()).path("response");
      if (!uid.equals(response.path("uid").asText())) {
        throw new IOException(
            "expected response.uid=\"" + uid + "\", got \"" + response.path("uid").asText() + "\"");
      }
      return response;
    } catch (IOException | InterruptedException e) {
      if ("Ignore".equals(hook.path("failurePolicy").asText("Fail"))) {
        return null;
      }
      throw new Refused(
          500,
          "InternalError",
          "Internal error occurred: failed calling webhook \""
              + name
              + "\": failed to call webhook: Post \""
              + uri
              + "\": "
              + describe(e, uri));
    }
  }

  private static String describe(Exception e, URI uri) {
    if (e instanceof ConnectException) {
      return "dial tcp " + uri.getHost() + ":" + uri.getPort() + ": connect: connection refused";
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static ObjectNode review(String uid, Request request, ObjectNode object) {
    ObjectNode kind =
        NODES
            .objectNode()
            .put("group", request.objectKind().group())
            .put("version", request.objectKind().version())
            .put("kind", request.objectKind().kind());
    ObjectNode resource =
        NODES
            .objectNode()
            .put("group", request.kind().group())
            .put("version", request.kind().version())
            .put("resource", request.kind().resource());
    ObjectNode body = NODES.objectNode();
    body.put("uid", uid).set("kind", kind);
    body.set("resource", resource);
    body.set("requestKind", kind);
    body.set("requestResource", resource);
    if (!request.subresource().isEmpty()) {
      body.put("subResource", request.subresource());
      body.put("requestSubResource", request.subresource());
    }
    body.put("name", request.name());
    if (request.namespace() != null) {
      body.put("namespace", request.namespace());
    }
    body.put("operation", request.operation());
    ObjectNode user = body.putObject("userInfo").put("username", "kubernetes-admin");
    user.putArray("groups").add("system:masters").add("system:authenticated");
    body.set("object", object);
    body.set("oldObject", request.oldObject());
    body.put("dryRun", request.dryRun());
    body.putObject("options")
        .put("apiVersion", "meta.k8s.io/v1")
        .put("kind", "CREATE".equals(request.operation()) ? "CreateOptions" : "UpdateOptions")
        .put("fieldManager", request.fieldManager());
    ObjectNode review =
        NODES.objectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    review.set("request", body);
    return review;
  }

  private static void refuseIfDenied(JsonNode hook, JsonNode response) throws Refused {
    if (response.path("allowed").asBoolean(false)) {
      return;
    }
    JsonNode status = response.path("status");
    int code = status.path("code").asInt(0);
    String explanation = status.path("message").asText(status.path("reason").asText(""));
    String deniedBy = "admission webhook \"" + hook.path("name").asText() + "\" denied the request";
    throw new Refused(
        code == 0 ? 403 : Math.max(code, 400),
        status.path("reason").asText("Forbidden"),
        explanation.isEmpty() ? deniedBy + " without explanation" : deniedBy + ": " + explanation);
  }

  private static ObjectNode patched(ObjectNode object, JsonNode response) throws Refused {
    if (!response.hasNonNull("patch")) {
      return object;
    }
    if (!"JSONPatch".equals(response.path("patchType").asText())) {
      throw new Refused(
          500,
          "InternalError",
          "Internal error occurred: unsupported patchType " + response.path("patchType"));
    }
    try {
      ArrayNode patch =
          (ArrayNode) JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
      return (ObjectNode) JsonPatch.apply(patch, object);
    } catch (IOException | RuntimeException e) {
      throw new Refused(
          500,
          "InternalError",
          "Internal error occurred: JSONPatch could not be applied: " + e.getMessage());
    }
  }
}
