package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every Secret a release's values name exists and carries the keys its chart version reads; the
 * registry's htpasswd line verifies its password. Asked with a {@link SecretLookup}: the webhook
 * reads the Kubernetes API, lint the Secret manifests it is given. Only presence, key names and
 * verification results leave this class, never a value.
 */
public final class SecretsReferencedRule implements Rule {

  public static final String ID = "HA-SECRETS-REFERENCED";

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          ID,
          "every Secret the values name exists and carries the keys the chart version reads",
          "A Secret named by an existingSecret key that is missing, or lacks the key the chart"
              + " reads, keeps Harbor's pods in CreateContainerConfigError or starts them with an"
              + " empty password; a registry htpasswd line that does not verify REGISTRY_PASSWD"
              + " makes every push and pull through core fail with 401 while the pods look"
              + " healthy. From chart 1.13.1 the chart reads REDIS_PASSWORD with lookup while"
              + " rendering, so a Secret created afterwards leaves the Redis URLs without a"
              + " password.",
          "redis.external.existingSecret (REDIS_PASSWORD), database.external.existingSecret"
              + " (password), registry.credentials.existingSecret (REGISTRY_PASSWD,"
              + " REGISTRY_HTPASSWD, the line verified with bcrypt) and existingSecretSecretKey"
              + " (secretKey) from chart 1.10.0 (1.10.0 itself mounts a Secret literally named"
              + " \".Values.registry.credentials.existingSecret\"); existingSecretAdminPassword"
              + " (its existingSecretAdminPasswordKey) from 1.12.0; core.existingSecret (secret),"
              + " core.existingXsrfSecret, jobservice.existingSecret and registry.existingSecret"
              + " (their *Key) from 1.14.0; caBundleSecretName (ca.crt) from 1.4.1;"
              + " persistence.imageChartStorage.caBundleSecretName (ca.crt) from 1.2.0;"
              + " internalTLS.<component>.secretName (ca.crt, tls.crt, tls.key) from 1.4.0 with"
              + " internalTLS.enabled and certSource secret, for the components the release runs."
              + " Redis and database Secrets only with type external. Webhook: read through the API in the release's namespace; lint:"
              + " from Secret manifests given beside the release",
          Scope.VALUES_SECRETS,
          Mode.WARN,
          "");

  /** The first chart whose registry mounts the htpasswd Secret by its name, not the literal. */
  private static final ChartVersion HTPASSWD_NAME_FIXED = ChartVersion.of(1, 10, 1);

  /**
   * Findings, and the Secrets that could not be looked at with why (lint: not given; the webhook:
   * the API did not answer).
   */
  public record Checked(List<Violation> violations, List<String> unchecked) {}

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  /** The chart version's references in {@code values}, judged by what {@code secrets} holds. */
  public Checked check(HarborValues values, SecretLookup secrets) {
    SecretReferences.Found found = SecretReferences.of(values);
    List<Violation> violations = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    String chart = values.chart().version().text();
    for (SecretReferences.WrongType wrong : found.wrongTypes()) {
      violations.add(
          violation(
              "",
              wrong.valuesKey(),
              wrong.valuesKey() + " is " + wrong.found() + ", not the name of a Secret or its key",
              "set " + wrong.valuesKey() + " to text, e.g. --set " + wrong.valuesKey() + "=NAME."));
    }
    for (SecretReferences.Reference ref : found.references()) {
      if (ref.htpasswd() && values.chart().version().compareTo(HTPASSWD_NAME_FIXED) < 0) {
        violations.add(
            violation(
                "",
                ref.valuesKey(),
                "chart "
                    + chart
                    + " mounts the registry's htpasswd from a Secret literally named"
                    + " \".Values.registry.credentials.existingSecret\", which cannot exist: the"
                    + " registry pods do not start",
                "use chart 1.10.1 or later, or unset registry.credentials.existingSecret."));
      }
      SecretLookup.Result result = secrets.find(ref.name());
      String what = "Secret " + Echo.quoted(ref.name()) + " (named by " + ref.valuesKey() + ")";
      if (result instanceof SecretLookup.Unknown unknown) {
        unchecked.add(what + ": " + unknown.why());
      } else if (result instanceof SecretLookup.Missing) {
        violations.add(
            violation(
                "",
                ref.valuesKey(),
                what + " does not exist" + renderNote(values, ref),
                "create it with the key"
                    + (ref.keys().size() > 1 ? "s " : " ")
                    + String.join(" and ", ref.keys())
                    + " before helm install or upgrade, or unset "
                    + ref.valuesKey()
                    + "."));
      } else if (result instanceof SecretLookup.Found secret) {
        violations.addAll(keys(values, ref, what, secret.data()));
      }
    }
    return new Checked(List.copyOf(violations), List.copyOf(unchecked));
  }

  private List<Violation> keys(
      HarborValues values, SecretReferences.Reference ref, String what, Map<String, byte[]> data) {
    List<Violation> violations = new ArrayList<>();
    String chart = values.chart().version().text();
    boolean complete = true;
    for (String named : ref.keys()) {
      byte[] value = data.get(named);
      String key = Echo.value(named); // a key name can come from the values: bounded, redacted
      if (value == null) {
        complete = false;
        violations.add(
            violation(
                "",
                ref.valuesKey(),
                what
                    + " has no key "
                    + key
                    + ", which chart "
                    + chart
                    + " reads (its keys: "
                    + keyNames(data)
                    + ")",
                "add " + key + " to Secret " + Echo.quoted(ref.name()) + "."));
      } else if (value.length == 0) {
        complete = false;
        violations.add(
            violation(
                "",
                ref.valuesKey(),
                what + " has an empty " + key + ", which chart " + chart + " reads",
                "put the value into " + key + " of Secret " + Echo.quoted(ref.name()) + "."));
      }
    }
    if (ref.htpasswd() && complete) {
      Htpasswd.Verdict verdict =
          Htpasswd.verify(
              data.get(SecretReferences.REGISTRY_HTPASSWD),
              values.text("registry.credentials.username"),
              data.get(SecretReferences.REGISTRY_PASSWD));
      if (verdict != Htpasswd.Verdict.VERIFIES) {
        violations.add(
            new Violation(
                id(),
                "",
                ref.valuesKey(),
                what + ": its REGISTRY_HTPASSWD " + verdict.words(),
                "write REGISTRY_HTPASSWD with htpasswd -nbB "
                    + Echo.value(values.text("registry.credentials.username"))
                    + " and the password of REGISTRY_PASSWD, the user being"
                    + " registry.credentials.username.",
                verdict == Htpasswd.Verdict.TOO_COSTLY));
      }
    }
    return violations;
  }

  /** The Secret's key names, never its values; bounded. */
  private static String keyNames(Map<String, byte[]> data) {
    if (data.isEmpty()) {
      return "none";
    }
    List<String> names = data.keySet().stream().sorted().limit(20).map(Echo::value).toList();
    return String.join(", ", names) + (data.size() > 20 ? ", …" : "");
  }

  /** Why a missing Redis Secret is worse than pods that wait for it, in the charts that lookup. */
  private static String renderNote(HarborValues values, SecretReferences.Reference ref) {
    if (ref.valuesKey().equals("redis.external.existingSecret")
        && values.chart().version().atLeast(1, 13, 1)) {
      return " (chart "
          + values.chart().version().text()
          + " reads REDIS_PASSWORD with lookup while rendering: the Redis URLs it rendered carry"
          + " no password)";
    }
    return "";
  }

  /** The Secrets could not be looked at; a warning, never a refusal. */
  public Violation cannotCheck(String reason) {
    return new Violation(
        id(),
        "",
        "",
        "the Secrets the values name could not be checked: " + reason,
        "the release was judged without them; run lint with the Secret manifests to check them.",
        true);
  }
}
