package io.harborhaguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.harborhaguard.hagroup.Fingerprints;
import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.ObjectValues;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Judges, on {@code /validate}, what reaches a cluster without a Helm release record: objects of a
 * Harbor render applied one by one ({@code helm template | kubectl apply}, Argo CD, kustomize),
 * {@code kubectl scale} (the scale subresource), HPAs, and the core Secret's key rotation on
 * UPDATE. Every verdict comes from the catalogue's rules in their modes: the values an object shows
 * ({@link ObjectValues}) go through the same rules as a release's, and only findings on keys the
 * object speaks for count.
 *
 * <p>No double refusal: an object carrying Helm's {@code meta.helm.sh/release-name} annotation was
 * created by a {@code helm install/upgrade} whose release record this webhook judged before Helm
 * wrote any object, so it is admitted at once ({@code helm template} output has no such
 * annotation). Scale requests and HPAs are never part of a Harbor release, so they are always
 * judged. A rule in {@code mutate} mode refuses here: the object webhook ran before this review, so
 * what is still wrong was not fixed, and scale requests and HPAs have no fix at all.
 */
public class ObjectReviewer {

  /** Helm's annotation on every object of a release it installed or upgraded. */
  public static final String HELM_RELEASE = "meta.helm.sh/release-name";

  /**
   * On the core Secret: the short fingerprints ({@value #SHORT} hex digits of SHA-256) of the new
   * token key and CSRF key a deliberate rotation goes to. It names the new keys, so an annotation
   * left in place never admits a later rotation.
   */
  public static final String ROTATE_KEYS = "harbor-ha-guard.io/rotate-keys";

  static final int SHORT = 16;

  /** What reads the workload an HPA scales, within the review's budget. */
  @FunctionalInterface
  public interface Targets {
    Targets NONE =
        (namespace, kind, name) -> {
          throw new Unreadable("no Kubernetes API client");
        };

    /** The object, or {@code null} when it does not exist; bounded by its own budget. */
    JsonNode get(String namespace, String kind, String name) throws Unreadable;
  }

  /** The HPA's target could not be read: the HPA is admitted, with a warning saying so. */
  public static final class Unreadable extends Exception {
    public Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet");

  private final PolicyEngine engine;
  private final PolicySettings settings;
  private final Function<String, Map<String, Mode>> namespaceModes;
  private final Targets targets;
  private final ReleaseReviewer.Scope scope;
  private Function<String, List<Exemption>> namespaceExemptions = namespace -> List.of();

  public ObjectReviewer(
      PolicyEngine engine,
      PolicySettings settings,
      Function<String, Map<String, Mode>> namespaceModes,
      Targets targets,
      ReleaseReviewer.Scope scope) {
    this.engine = engine;
    this.settings = settings;
    this.namespaceModes = namespaceModes;
    this.targets = targets;
    this.scope = scope;
  }

  /**
   * The exemptions a namespace's annotations declare, where the policy honours them: an object is
   * exempted as its release would be ({@link PolicyEngine#exempt}).
   */
  public ObjectReviewer withNamespaceExemptions(Function<String, List<Exemption>> exemptions) {
    this.namespaceExemptions = exemptions;
    return this;
  }

  /** Whether the request is one of these (anything else goes to the release reviewer). */
  public static boolean handles(AdmissionReviews.Parsed parsed) {
    AdmissionRequest request = parsed.request();
    if (request.getKind() == null) {
      return false;
    }
    String group = request.getKind().getGroup() == null ? "" : request.getKind().getGroup();
    String kind = request.getKind().getKind();
    return switch (group) {
      case "apps" -> WORKLOADS.contains(kind);
      case "autoscaling" -> "Scale".equals(kind) || "HorizontalPodAutoscaler".equals(kind);
      case "" ->
          "PersistentVolumeClaim".equals(kind)
              || ("Secret".equals(kind)
                  && "UPDATE".equals(request.getOperation())
                  && parsed.releaseRecord() == null
                  && parsed.object() != null
                  && !"helm.sh/release.v1".equals(parsed.object().path("type").asText()));
      default -> false;
    };
  }

  public ReviewOutcome review(AdmissionReviews.Parsed parsed) {
    AdmissionRequest request = parsed.request();
    String operation = request.getOperation();
    JsonNode object = parsed.object();
    if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)
        || object == null
        || !object.isObject()) {
      return allowed(request, List.of());
    }
    Deadline deadline = Deadline.after(scope.deadline());
    try {
      String kind = request.getKind().getKind();
      return switch (kind) {
        case "Scale" -> scale(request, object, deadline);
        case "HorizontalPodAutoscaler" -> autoscaler(request, object, deadline);
        case "Secret" -> coreSecret(request, object, parsed.oldObject());
        default -> rendered(request, object, deadline);
      };
    } catch (Deadline.Exceeded e) {
      // Fail open as the webhook does: a review too expensive to finish is not a verdict.
      return allowed(
          request,
          List.of(
              "harbor-ha-guard: this object was not judged within the review deadline of "
                  + e.budget().toMillis()
                  + " ms"));
    }
  }

  /** A Deployment, StatefulSet or claim of a Harbor render. */
  private ReviewOutcome rendered(AdmissionRequest request, JsonNode object, Deadline deadline) {
    Optional<HarborObject> harbor = HarborObject.recognise(object);
    if (harbor.isEmpty() || fromHelmRelease(object)) {
      return allowed(request, List.of());
    }
    Optional<ObjectValues> values = ObjectValues.of(harbor.get());
    if (values.isEmpty()) {
      return allowed(request, List.of());
    }
    return judge(
        request,
        harbor.get().kind() + " " + subject(request, harbor.get().name()),
        values.get(),
        deadline);
  }

  /**
   * {@code kubectl scale} and the HPA controller write the scale subresource: an autoscaling/v1
   * Scale whose {@code status.selector} is the workload's selector, which in every era of the chart
   * is {@code app=harbor,component=<c>,release=<r>}.
   */
  private ReviewOutcome scale(AdmissionRequest request, JsonNode scale, Deadline deadline) {
    Map<String, String> selector = selector(scale.path("status").path("selector").asText(""));
    Optional<Component> component = Component.stateless(selector.getOrDefault("component", ""));
    if (!"harbor".equals(selector.get("app")) || component.isEmpty()) {
      return allowed(request, List.of());
    }
    JsonNode replicas = scale.path("spec").path("replicas");
    ObjectValues values =
        ObjectValues.replicas(
            component.get(),
            replicas.canConvertToInt() ? replicas.asInt() : 0,
            qualified(request.getNamespace(), selector.getOrDefault("release", "")),
            "");
    return judge(request, "scale of " + subject(request, request.getName()), values, deadline);
  }

  /**
   * An HPA sets the replicas of its target between {@code minReplicas} (1 when absent) and {@code
   * maxReplicas}; a Harbor component's target must not go below the minimum. Whether the target is
   * Harbor's is read from the target itself (its labels, as for its own review), through the API
   * within the review's budget; when it cannot be read the HPA is admitted with a warning.
   */
  private ReviewOutcome autoscaler(AdmissionRequest request, JsonNode hpa, Deadline deadline) {
    JsonNode ref = hpa.path("spec").path("scaleTargetRef");
    String kind = ref.path("kind").asText("");
    String name = ref.path("name").asText("");
    String apiVersion = ref.path("apiVersion").asText("");
    if (!WORKLOADS.contains(kind) || name.isEmpty() || !apiVersion.startsWith("apps/")) {
      return allowed(request, List.of());
    }
    JsonNode target;
    try {
      deadline.check();
      target = targets.get(request.getNamespace(), kind, name);
    } catch (Unreadable e) {
      return allowed(
          request,
          List.of(
              "harbor-ha-guard: the target of HorizontalPodAutoscaler "
                  + subject(request, request.getName())
                  + " ("
                  + kind
                  + " "
                  + Echo.value(name)
                  + ") could not be read ("
                  + Echo.value(e.getMessage())
                  + "); its minReplicas was not judged"));
    }
    Optional<HarborObject> harbor = HarborObject.recognise(target);
    Optional<Component> component =
        harbor.filter(HarborObject::isWorkload).flatMap(h -> Component.stateless(h.component()));
    if (component.isEmpty()) {
      return allowed(request, List.of());
    }
    JsonNode min = hpa.path("spec").path("minReplicas");
    ObjectValues values =
        ObjectValues.replicas(
            component.get(),
            min.isMissingNode() || min.isNull() ? 1 : min.canConvertToInt() ? min.asInt() : 0,
            qualified(request.getNamespace(), harbor.get().release()),
            target.path("metadata").path("labels").path("app.kubernetes.io/version").asText(""));
    return judge(
        request,
        "HorizontalPodAutoscaler "
            + subject(request, request.getName())
            + " of "
            + kind
            + " "
            + Echo.value(name),
        values,
        deadline);
  }

  /** The rules over the values the object shows, keeping the findings on keys it speaks for. */
  private ReviewOutcome judge(
      AdmissionRequest request, String what, ObjectValues values, Deadline deadline) {
    Map<String, Mode> overrides = namespaceModes.apply(request.getNamespace());
    List<Finding> findings = new ArrayList<>();
    for (Finding f : engine.evaluate(values.values(), settings, overrides, deadline).findings()) {
      if (values.speaksFor(f.violation().valuesKey())) {
        findings.add(f.mode() == Mode.MUTATE ? new Finding(f.violation(), Mode.ENFORCE) : f);
      }
    }
    // An era read from no label (older charts, scale requests) is said when it shaped a finding;
    // a Harbor version no released chart ships is always said.
    List<String> notes =
        values
            .eraNote()
            .filter(note -> values.versionUnknown() || !findings.isEmpty())
            .map(List::of)
            .orElse(List.of());
    return decide(
        request,
        what
            + " (release "
            + values.values().release()
            + ", chart "
            + values.values().chart().version()
            + ")",
        values.values().release(),
        findings,
        notes);
  }

  /**
   * The core Secret's UPDATE: a token key ({@code tls.key}, present while {@code core.secretName}
   * is empty) or CSRF key ({@code CSRF_KEY}) that differs from the stored one logs every user out
   * and splits an HA group. Compared by SHA-256 fingerprint; refused by HA-TOKEN-KEY-PINNED and
   * HA-XSRF-PINNED in their modes unless {@link #ROTATE_KEYS} names the new keys.
   */
  private ReviewOutcome coreSecret(AdmissionRequest request, JsonNode secret, JsonNode oldSecret) {
    if (!isCoreSecret(secret) || fromHelmRelease(secret) || oldSecret == null) {
      return allowed(request, List.of());
    }
    Set<String> named = rotationNamed(secret);
    Map<String, Mode> overrides = namespaceModes.apply(request.getNamespace());
    List<Finding> findings = new ArrayList<>();
    String[][] keys = {
      {
        "tls.key",
        "HA-TOKEN-KEY-PINNED",
        "token key",
        "core.secretName",
        "--set core.secretName=<a Secret with tls.key and tls.crt> (the key this Secret held"
            + " before, or the HA group's)"
      },
      {
        "CSRF_KEY",
        "HA-XSRF-PINNED",
        "CSRF key",
        "core.xsrfKey",
        "--set core.xsrfKey=<the 32 characters this Secret held before, or the HA group's>"
      }
    };
    for (String[] key : keys) {
      Optional<String> before = material(oldSecret, key[0]);
      Optional<String> after = material(secret, key[0]);
      if (before.isEmpty() || after.isEmpty()) {
        continue;
      }
      String was = Fingerprints.sha256(before.get()).substring(0, SHORT);
      String now = Fingerprints.sha256(after.get()).substring(0, SHORT);
      if (was.equals(now) || named.contains(now)) {
        continue;
      }
      Rule rule = rule(key[1]);
      Violation violation =
          rule.violation(
              "",
              key[3],
              key[2]
                  + " "
                  + key[0]
                  + " of Secret "
                  + subject(request, request.getName())
                  + " changes (sha256 "
                  + was
                  + " -> "
                  + now
                  + "): every signed-in user is logged out and the cores of an HA group stop"
                  + " agreeing; "
                  + key[3]
                  + " is not pinned, so every render generates a new key",
              key[4]
                  + ", or, to rotate on purpose, annotate the Secret "
                  + ROTATE_KEYS
                  + "="
                  + now
                  + ".");
      for (Finding f : engine.findings(rule, List.of(violation), settings, overrides)) {
        findings.add(f.mode() == Mode.MUTATE ? new Finding(f.violation(), Mode.ENFORCE) : f);
      }
    }
    JsonNode labels = secret.path("metadata").path("labels");
    String release =
        qualified(
            request.getNamespace(),
            labels.path("release").asText(labels.path("app.kubernetes.io/instance").asText("")));
    return decide(
        request, "Secret " + subject(request, request.getName()), release, findings, List.of());
  }

  /**
   * Harbor's core Secret: the chart's labels, named {@code <fullname>-core}, with {@code
   * secretKey}.
   */
  static boolean isCoreSecret(JsonNode secret) {
    JsonNode labels = secret.path("metadata").path("labels");
    boolean harbor =
        "harbor".equals(labels.path("chart").asText())
            || "harbor".equals(labels.path("app.kubernetes.io/part-of").asText());
    return harbor
        && secret.path("metadata").path("name").asText("").endsWith("-core")
        && (secret.path("data").has("secretKey") || secret.path("stringData").has("secretKey"));
  }

  private Set<String> rotationNamed(JsonNode secret) {
    String value = secret.path("metadata").path("annotations").path(ROTATE_KEYS).asText("");
    Set<String> named = new java.util.HashSet<>();
    for (String part : value.split("[,\\s]+", 8)) {
      String p = part.trim().toLowerCase(java.util.Locale.ROOT);
      if (p.startsWith("sha256:")) {
        p = p.substring("sha256:".length());
      }
      if (p.length() >= SHORT) {
        named.add(p.substring(0, SHORT));
      }
    }
    return named;
  }

  /** A key's text from {@code stringData} or base64 {@code data}; empty when absent or invalid. */
  private static Optional<String> material(JsonNode secret, String key) {
    JsonNode plain = secret.path("stringData").path(key);
    if (plain.isTextual()) {
      return Optional.of(plain.asText());
    }
    JsonNode encoded = secret.path("data").path(key);
    if (!encoded.isTextual() || encoded.asText().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new String(Base64.getMimeDecoder().decode(encoded.asText()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Rule rule(String id) {
    return engine.catalog().all().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the catalogue has no rule " + id));
  }

  private ReviewOutcome decide(
      AdmissionRequest request,
      String what,
      String release,
      List<Finding> judged,
      List<String> notes) {
    List<Finding> findings =
        engine
            .exempt(
                new Report(release, "", judged),
                settings,
                namespaceExemptions.apply(request.getNamespace()))
            .findings();
    List<String> warnings = new ArrayList<>();
    findings.stream().filter(Finding::warns).map(FindingFormat::line).forEach(warnings::add);
    warnings.addAll(notes);
    List<String> ids = findings.stream().map(Finding::ruleId).distinct().toList();
    List<Finding> refusals = findings.stream().filter(Finding::refuses).toList();
    boolean genuine =
        !Boolean.TRUE.equals(request.getDryRun()) && scope.covers(request.getNamespace());
    if (refusals.isEmpty()) {
      return new ReviewOutcome(
          ReleaseReviewer.allow(request.getUid(), warnings), "allowed", ids, findings, genuine);
    }
    StringBuilder message =
        new StringBuilder("Harbor ").append(what).append(" is not highly available:");
    refusals.forEach(f -> message.append('\n').append(FindingFormat.line(f)));
    return new ReviewOutcome(
        ReleaseReviewer.refuse(request.getUid(), 403, message.toString(), warnings),
        "refused",
        ids,
        findings,
        genuine);
  }

  private static ReviewOutcome allowed(AdmissionRequest request, List<String> warnings) {
    return new ReviewOutcome(
        ReleaseReviewer.allow(request.getUid(), warnings), "allowed", List.of());
  }

  private static boolean fromHelmRelease(JsonNode object) {
    return !object.path("metadata").path("annotations").path(HELM_RELEASE).asText("").isEmpty();
  }

  /** {@code k1=v1,k2=v2} (a label selector's string form); set-based terms are skipped. */
  static Map<String, String> selector(String text) {
    Map<String, String> labels = new HashMap<>();
    if (text.length() > 4096) {
      return labels;
    }
    for (String term : text.split(",", 64)) {
      int eq = term.indexOf('=');
      if (eq > 0 && term.indexOf('=', eq + 1) < 0 && !term.contains("!")) {
        labels.put(term.substring(0, eq).trim(), term.substring(eq + 1).trim());
      }
    }
    return labels;
  }

  private static String subject(AdmissionRequest request, String name) {
    String ns = request.getNamespace();
    return (ns == null || ns.isEmpty() ? "" : Echo.value(ns) + "/") + Echo.value(name);
  }

  private static String qualified(String namespace, String release) {
    String r = Echo.value(release);
    return namespace == null || namespace.isEmpty() ? r : Echo.value(namespace) + "/" + r;
  }
}
