package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.zjsonpatch.JsonPatch;
import io.harborhaguard.packaged.HelmTool;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays kube-apiserver towards Helm and the guard on loopback (plain HTTP): version and legacy
 * discovery, CRUD with label selectors for the kinds in {@link Kind#SERVED}, merge, JSON,
 * directive-free strategic-merge and server-side-apply patches, and admission through a {@link
 * WebhookChain} before anything is persisted. It is a test stand-in: no watch, no OpenAPI document,
 * no field ownership.
 */
final class ApiServerStandIn implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final StandInStore store = new StandInStore();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile WebhookChain admission;

  ApiServerStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
    reset();
  }

  /** An empty cluster: only the namespaces every cluster has. */
  void reset() {
    store.clear();
    for (String namespace : List.of("default", "kube-system")) {
      createNamespace(namespace, Map.of(), Map.of());
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void admitWith(WebhookChain chain) {
    this.admission = chain;
  }

  StandInStore store() {
    return store;
  }

  /** Every request served so far, as {@code METHOD path -> code}, for a failing test's message. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Creates or replaces a namespace; its name label is set as the API server sets it. */
  void createNamespace(String name, Map<String, String> labels, Map<String, String> annotations) {
    ObjectNode namespace = NODES.objectNode();
    ObjectNode metadata = namespace.putObject("metadata").put("name", name);
    ObjectNode labelNode = metadata.putObject("labels");
    labels.forEach(labelNode::put);
    labelNode.put("kubernetes.io/metadata.name", name);
    annotations.forEach(metadata.putObject("annotations")::put);
    store.put(namespaceKind(), null, namespace);
  }

  private static Kind namespaceKind() {
    return Kind.byResource("v1", "namespaces").orElseThrow();
  }

  /** The real Helm binary of a major version, with a kubeconfig that points at this server. */
  Commands.Result helm(String major, String... args) throws Exception {
    return helm(major, Map.of(), args);
  }

  /**
   * The kubectl shipped beside Helm {@code major}, with a kubeconfig that points at this server.
   */
  Commands.Result kubectl(String major, String... args) throws Exception {
    return run(Map.of(), HelmTool.binary(major).resolveSibling("kubectl"), List.of(args));
  }

  /** {@link #helm(String, String...)} with more environment, e.g. {@code HELM_DRIVER}. */
  Commands.Result helm(String major, Map<String, String> more, String... args) throws Exception {
    return run(more, HelmTool.binary(major), List.of(args));
  }

  private Commands.Result run(Map<String, String> more, Path binary, List<String> args)
      throws Exception {
    Map<String, String> env = HelmTool.isolatedHome();
    env.putAll(more);
    Path kubeconfig = Path.of(env.get("HOME")).resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: stand-in
            cluster:
              server: %s
        contexts:
          - name: stand-in
            context:
              cluster: stand-in
              user: admin
        current-context: stand-in
        users:
          - name: admin
            user: {}
        """
            .formatted(uri()));
    env.put("KUBECONFIG", kubeconfig.toString());
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(args);
    return Commands.run(command, null, env, Launch.HOME);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  // ---- routing

  /** {@code subresource}: {@code scale} for a workload's scale subresource, else null. */
  private record Target(Kind kind, String namespace, String name, String subresource) {
    Target(Kind kind, String namespace, String name) {
      this(kind, namespace, name, null);
    }
  }

  private record Answer(int code, JsonNode body, List<String> warnings) {
    Answer(int code, JsonNode body) {
      this(code, body, List.of());
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Answer answer;
    try {
      answer = route(exchange);
    } catch (WebhookChain.Refused refused) {
      answer =
          new Answer(
              refused.code,
              status(refused.code, refused.reason, refused.getMessage()),
              refused.warnings);
    } catch (IllegalArgumentException | IOException e) {
      answer = new Answer(400, status(400, "BadRequest", e.getMessage()));
    } catch (RuntimeException e) {
      answer = new Answer(500, status(500, "InternalError", "stand-in failure: " + e));
    }
    requests.add(
        exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> " + answer.code());
    byte[] body = JSON.writeValueAsBytes(answer.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    for (String warning : answer.warnings()) {
      exchange
          .getResponseHeaders()
          .add("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    exchange.sendResponseHeaders(answer.code(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private Answer route(HttpExchange exchange) throws IOException, WebhookChain.Refused {
    String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String method = exchange.getRequestMethod();
    if (method.equals("GET")) {
      Optional<JsonNode> discovery = Discovery.answer(path, uri());
      if (discovery.isPresent()) {
        return new Answer(200, discovery.get());
      }
    }
    Optional<Target> target = target(path);
    if (target.isEmpty()) {
      return new Answer(
          404, status(404, "NotFound", "the server could not find the requested resource"));
    }
    Target t = target.get();
    byte[] body = exchange.getRequestBody().readAllBytes();
    String contentType =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
    if (t.subresource() != null) {
      return scale(t, method, body, contentType, query);
    }
    return switch (method) {
      case "GET" -> t.name() == null ? list(t, query) : get(t);
      case "POST" ->
          t.name() == null ? create(t, object(body, contentType), query) : notAllowed(method);
      case "PUT" ->
          t.name() != null ? update(t, object(body, contentType), query) : notAllowed(method);
      case "PATCH" -> t.name() != null ? patch(t, body, contentType, query) : notAllowed(method);
      case "DELETE" -> t.name() != null ? delete(t) : notAllowed(method);
      default -> notAllowed(method);
    };
  }

  private static ObjectNode object(byte[] body, String contentType) throws IOException {
    if (contentType.startsWith(RecordProtobuf.MEDIA_TYPE)) {
      return RecordProtobuf.decode(body);
    }
    if (JSON.readTree(body) instanceof ObjectNode object) {
      return object;
    }
    throw new IllegalArgumentException("the request body is not a JSON object");
  }

  private static Optional<Target> target(String path) {
    String[] parts = path.split("/");
    int rest;
    String groupVersion;
    if (parts.length >= 3 && parts[1].equals("api")) {
      groupVersion = parts[2];
      rest = 3;
    } else if (parts.length >= 4 && parts[1].equals("apis")) {
      groupVersion = parts[2] + "/" + parts[3];
      rest = 4;
    } else {
      return Optional.empty();
    }
    List<String> tail = List.of(parts).subList(rest, parts.length);
    if (tail.size() == 5
        && tail.get(0).equals("namespaces")
        && tail.get(4).equals("scale")
        && Kind.SCALABLE.contains(tail.get(2))) {
      return Kind.byResource(groupVersion, tail.get(2))
          .map(k -> new Target(k, tail.get(1), tail.get(3), "scale"));
    }
    if (tail.size() >= 3 && tail.get(0).equals("namespaces")) {
      if (tail.size() > 4) {
        return Optional.empty();
      }
      String name = tail.size() == 4 ? tail.get(3) : null;
      return Kind.byResource(groupVersion, tail.get(2))
          .filter(Kind::namespaced)
          .map(k -> new Target(k, tail.get(1), name));
    }
    if (tail.isEmpty() || tail.size() > 2) {
      return Optional.empty();
    }
    String name = tail.size() == 2 ? tail.get(1) : null;
    return Kind.byResource(groupVersion, tail.get(0))
        .filter(k -> !k.namespaced())
        .map(k -> new Target(k, null, name));
  }

  // ---- verbs

  private Answer get(Target t) {
    return store
        .get(t.kind(), t.namespace(), t.name())
        .<Answer>map(o -> new Answer(200, o))
        .orElseGet(() -> notFound(t.kind(), t.name()));
  }

  private Answer list(Target t, Map<String, String> query) {
    if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
      return new Answer(
          405, status(405, "MethodNotAllowed", "the stand-in does not serve watches"));
    }
    ObjectNode list =
        NODES
            .objectNode()
            .put("apiVersion", t.kind().groupVersion())
            .put("kind", t.kind().kind() + "List");
    list.putObject("metadata").put("resourceVersion", Long.toString(store.resourceVersion()));
    ArrayNode items = list.putArray("items");
    store
        .list(t.kind(), t.namespace(), Selectors.fromQuery(query.get("labelSelector")))
        .forEach(items::add);
    return new Answer(200, list);
  }

  private Answer create(Target t, ObjectNode object, Map<String, String> query)
      throws WebhookChain.Refused {
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      return new Answer(
          422,
          status(422, "Invalid", t.kind().kind() + " is invalid: metadata.name: Required value"));
    }
    Optional<Answer> missingNamespace = missingNamespace(t);
    if (missingNamespace.isPresent()) {
      return missingNamespace.get();
    }
    if (store.get(t.kind(), t.namespace(), name).isPresent()) {
      return new Answer(
          409,
          status(409, "AlreadyExists", t.kind().resource() + " \"" + name + "\" already exists"));
    }
    return persist(t, name, "CREATE", object, null, query, 201);
  }

  private Answer update(Target t, ObjectNode object, Map<String, String> query)
      throws WebhookChain.Refused {
    Optional<ObjectNode> old = store.get(t.kind(), t.namespace(), t.name());
    if (old.isEmpty()) {
      return notFound(t.kind(), t.name());
    }
    String expected = object.path("metadata").path("resourceVersion").asText("");
    if (!expected.isEmpty()
        && !expected.equals(old.get().path("metadata").path("resourceVersion").asText())) {
      return new Answer(
          409,
          status(
              409,
              "Conflict",
              "Operation cannot be fulfilled on "
                  + t.kind().resource()
                  + " \""
                  + t.name()
                  + "\": the object has been modified; please apply your changes to the latest version and try again"));
    }
    return persist(t, t.name(), "UPDATE", object, old.get(), query, 200);
  }

  private Answer patch(Target t, byte[] body, String contentType, Map<String, String> query)
      throws IOException, WebhookChain.Refused {
    Optional<ObjectNode> old = store.get(t.kind(), t.namespace(), t.name());
    boolean apply = contentType.startsWith("application/apply-patch");
    if (old.isEmpty() && !apply) {
      return notFound(t.kind(), t.name());
    }
    JsonNode patch = apply ? YAML.readTree(body) : JSON.readTree(body);
    ObjectNode updated;
    if (contentType.startsWith("application/json-patch+json")) {
      updated = (ObjectNode) JsonPatch.apply(patch, old.get());
    } else if (apply) {
      updated = MergePatch.serverSideApply(old.orElseGet(NODES::objectNode), patch);
    } else if (contentType.startsWith("application/merge-patch+json")) {
      updated = MergePatch.apply(old.get(), patch);
    } else if (contentType.startsWith("application/strategic-merge-patch+json")) {
      if (MergePatch.hasDirectives(patch)) {
        return new Answer(
            415,
            status(
                415,
                "UnsupportedMediaType",
                "the stand-in applies strategic merge patches without $-directives only: "
                    + patch));
      }
      updated = MergePatch.apply(old.get(), patch);
    } else {
      return new Answer(
          415, status(415, "UnsupportedMediaType", "patch type not supported: " + contentType));
    }
    if (old.isEmpty()) {
      Optional<Answer> missingNamespace = missingNamespace(t);
      return missingNamespace.isPresent()
          ? missingNamespace.get()
          : persist(t, t.name(), "CREATE", updated, null, query, 201);
    }
    return persist(t, t.name(), "UPDATE", updated, old.get(), query, 200);
  }

  /**
   * A workload's scale subresource: an autoscaling/v1 Scale built from the workload (its replicas,
   * and its selector as a string in {@code status.selector}), read, replaced or patched; a write
   * goes through admission as the Scale, as kube-apiserver sends it, and then sets the workload's
   * replicas without a second admission.
   */
  private Answer scale(
      Target t, String method, byte[] body, String contentType, Map<String, String> query)
      throws IOException, WebhookChain.Refused {
    Optional<ObjectNode> workload = store.get(t.kind(), t.namespace(), t.name());
    if (workload.isEmpty()) {
      return notFound(t.kind(), t.name());
    }
    ObjectNode old = scaleOf(workload.get());
    ObjectNode updated;
    switch (method) {
      case "GET" -> {
        return new Answer(200, old);
      }
      case "PUT" -> updated = object(body, contentType);
      case "PATCH" -> {
        JsonNode patch = JSON.readTree(body);
        if (contentType.startsWith("application/json-patch+json")) {
          updated = (ObjectNode) JsonPatch.apply(patch, old);
        } else if (contentType.startsWith("application/merge-patch+json")
            || contentType.startsWith("application/strategic-merge-patch+json")
                && !MergePatch.hasDirectives(patch)) {
          updated = MergePatch.apply(old, patch);
        } else {
          return new Answer(
              415, status(415, "UnsupportedMediaType", "patch type not supported: " + contentType));
        }
      }
      default -> {
        return notAllowed(method);
      }
    }
    updated.put("apiVersion", "autoscaling/v1").put("kind", "Scale");
    updated.set("metadata", old.path("metadata").deepCopy());
    updated.set("status", old.path("status").deepCopy());
    boolean dryRun = query.containsKey("dryRun");
    WebhookChain.Admitted admitted =
        admission == null
            ? new WebhookChain.Admitted(updated, List.of())
            : admission.admit(
                new WebhookChain.Request(
                    t.kind(),
                    "UPDATE",
                    t.namespace(),
                    t.name(),
                    updated,
                    old,
                    dryRun,
                    query.getOrDefault("fieldManager", ""),
                    "scale",
                    Kind.SCALE),
                namespaceLabels(t, updated));
    if (dryRun) {
      return new Answer(200, admitted.object(), admitted.warnings());
    }
    ObjectNode scaled = workload.get().deepCopy();
    scaled.with("spec").put("replicas", admitted.object().path("spec").path("replicas").asInt());
    return new Answer(
        200, scaleOf(store.put(t.kind(), t.namespace(), scaled)), admitted.warnings());
  }

  private static ObjectNode scaleOf(ObjectNode workload) {
    ObjectNode scale = NODES.objectNode().put("apiVersion", "autoscaling/v1").put("kind", "Scale");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion")) {
      if (workload.path("metadata").has(field)) {
        metadata.set(field, workload.path("metadata").get(field));
      }
    }
    scale.putObject("spec").put("replicas", workload.path("spec").path("replicas").asInt(1));
    List<String> terms = new ArrayList<>();
    workload
        .path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
    Collections.sort(terms);
    scale
        .putObject("status")
        .put("replicas", workload.path("spec").path("replicas").asInt(1))
        .put("selector", String.join(",", terms));
    return scale;
  }

  private Answer delete(Target t) {
    return store
        .delete(t.kind(), t.namespace(), t.name())
        .<Answer>map(o -> new Answer(200, o))
        .orElseGet(() -> notFound(t.kind(), t.name()));
  }

  private Answer persist(
      Target t,
      String name,
      String operation,
      ObjectNode object,
      ObjectNode old,
      Map<String, String> query,
      int code)
      throws WebhookChain.Refused {
    object.put("apiVersion", t.kind().groupVersion()).put("kind", t.kind().kind());
    ObjectNode metadata = object.with("metadata");
    metadata.put("name", name);
    if (t.namespace() != null) {
      metadata.put("namespace", t.namespace());
    }
    boolean dryRun = query.containsKey("dryRun");
    WebhookChain.Admitted admitted =
        admission == null
            ? new WebhookChain.Admitted(object, List.of())
            : admission.admit(
                new WebhookChain.Request(
                    t.kind(),
                    operation,
                    t.namespace(),
                    name,
                    object,
                    old,
                    dryRun,
                    query.getOrDefault("fieldManager", "")),
                namespaceLabels(t, object));
    ObjectNode result =
        dryRun ? admitted.object() : store.put(t.kind(), t.namespace(), admitted.object());
    return new Answer(code, result, admitted.warnings());
  }

  private JsonNode namespaceLabels(Target t, ObjectNode object) {
    if (t.namespace() == null) {
      return object.path("metadata").path("labels");
    }
    return store
        .get(namespaceKind(), null, t.namespace())
        .map(n -> n.path("metadata").path("labels"))
        .orElse(NODES.objectNode());
  }

  private Optional<Answer> missingNamespace(Target t) {
    if (t.namespace() == null || store.get(namespaceKind(), null, t.namespace()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(notFound(namespaceKind(), t.namespace()));
  }

  // ---- answers

  private static Answer notAllowed(String method) {
    return new Answer(
        405, status(405, "MethodNotAllowed", method + " is not supported on this path"));
  }

  private static Answer notFound(Kind kind, String name) {
    ObjectNode status = status(404, "NotFound", kind.resource() + " \"" + name + "\" not found");
    status.putObject("details").put("name", name).put("kind", kind.resource());
    return new Answer(404, status);
  }

  static ObjectNode status(int code, String reason, String message) {
    ObjectNode status = NODES.objectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    return status
        .put("status", "Failure")
        .put("message", message)
        .put("reason", reason)
        .put("code", code);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }

  /** Discovery documents: what client-go asks before anything else. */
  private static final class Discovery {

    static Optional<JsonNode> answer(String path, URI self) {
      return switch (path) {
        case "/version" ->
            Optional.of(
                NODES
                    .objectNode()
                    .put("major", "1")
                    .put("minor", "32")
                    .put("gitVersion", "v1.32.0")
                    .put("gitCommit", "stand-in")
                    .put("gitTreeState", "clean")
                    .put("buildDate", "2026-01-01T00:00:00Z")
                    .put("goVersion", "go1.23.0")
                    .put("compiler", "gc")
                    .put("platform", "linux/amd64"));
        case "/api" -> Optional.of(apiVersions(self));
        case "/apis" -> Optional.of(groups());
        case "/openapi/v3" -> Optional.of(openApiIndex());
        default ->
            path.startsWith("/openapi/v3/")
                ? openApi(path.substring("/openapi/v3/".length()))
                : resources(path);
      };
    }

    private static JsonNode apiVersions(URI self) {
      ObjectNode versions = NODES.objectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions
          .putArray("serverAddressByClientCIDRs")
          .addObject()
          .put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", self.getHost() + ":" + self.getPort());
      return versions;
    }

    private static JsonNode groups() {
      ObjectNode list = NODES.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = list.putArray("groups");
      new LinkedHashSet<>(
              Kind.SERVED.stream()
                  .filter(k -> !k.group().isEmpty())
                  .map(Kind::groupVersion)
                  .toList())
          .forEach(
              gv -> {
                ObjectNode group = groups.addObject().put("name", gv.substring(0, gv.indexOf('/')));
                ObjectNode version =
                    NODES
                        .objectNode()
                        .put("groupVersion", gv)
                        .put("version", gv.substring(gv.indexOf('/') + 1));
                group.putArray("versions").add(version);
                group.set("preferredVersion", version);
              });
      return list;
    }

    /** The OpenAPI v3 index: one document per group version, as client-go's verifier reads it. */
    private static JsonNode openApiIndex() {
      ObjectNode index = NODES.objectNode();
      ObjectNode paths = index.putObject("paths");
      new LinkedHashSet<>(Kind.SERVED.stream().map(ApiServerStandIn.Discovery::prefix).toList())
          .forEach(
              prefix ->
                  paths
                      .putObject(prefix)
                      .put("serverRelativeURL", "/openapi/v3/" + prefix + "?hash=stand-in"));
      return index;
    }

    private static String prefix(Kind kind) {
      return kind.group().isEmpty() ? "api/v1" : "apis/" + kind.groupVersion();
    }

    /**
     * A group version's document, reduced to what clients read from it: each kind's PATCH
     * operation, which declares the fieldValidation parameter. Clients then leave validation to the
     * server (which the stand-in does not do) instead of downloading full schemas.
     */
    private static Optional<JsonNode> openApi(String prefix) {
      List<Kind> kinds = Kind.SERVED.stream().filter(k -> prefix(k).equals(prefix)).toList();
      if (kinds.isEmpty()) {
        return Optional.empty();
      }
      ObjectNode document = NODES.objectNode().put("openapi", "3.0.0");
      document.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
      ObjectNode paths = document.putObject("paths");
      for (Kind kind : kinds) {
        String item =
            "/"
                + prefix
                + (kind.namespaced() ? "/namespaces/{namespace}/" : "/")
                + kind.resource()
                + "/{name}";
        ObjectNode patch = paths.putObject(item).putObject("patch");
        patch
            .putObject("x-kubernetes-group-version-kind")
            .put("group", kind.group())
            .put("version", kind.version())
            .put("kind", kind.kind());
        patch
            .putArray("parameters")
            .addObject()
            .put("name", "fieldValidation")
            .put("in", "query")
            .putObject("schema")
            .put("type", "string");
        patch.putObject("responses");
      }
      return Optional.of(document);
    }

    private static Optional<JsonNode> resources(String path) {
      String groupVersion =
          path.startsWith("/api/")
              ? path.substring(5)
              : path.startsWith("/apis/") ? path.substring(6) : "";
      List<Kind> kinds =
          Kind.SERVED.stream().filter(k -> k.groupVersion().equals(groupVersion)).toList();
      if (kinds.isEmpty()) {
        return Optional.empty();
      }
      ObjectNode list =
          NODES
              .objectNode()
              .put("kind", "APIResourceList")
              .put("apiVersion", "v1")
              .put("groupVersion", groupVersion);
      ArrayNode resources = list.putArray("resources");
      for (Kind kind : kinds) {
        ObjectNode resource =
            resources
                .addObject()
                .put("name", kind.resource())
                .put("singularName", kind.singular())
                .put("namespaced", kind.namespaced())
                .put("kind", kind.kind());
        ArrayNode verbs = resource.putArray("verbs");
        List.of("create", "delete", "get", "list", "patch", "update").forEach(verbs::add);
        if (Kind.SCALABLE.contains(kind.resource())) {
          ObjectNode scale =
              resources
                  .addObject()
                  .put("name", kind.resource() + "/scale")
                  .put("singularName", "")
                  .put("namespaced", true)
                  .put("group", Kind.SCALE.group())
                  .put("version", Kind.SCALE.version())
                  .put("kind", Kind.SCALE.kind());
          List.of("get", "patch", "update").forEach(scale.putArray("verbs")::add);
        }
      }
      return Optional.of(list);
    }
  }
}
