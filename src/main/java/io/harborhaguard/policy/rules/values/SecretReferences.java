package io.harborhaguard.policy.rules.values;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The Secrets a release's values name and the keys its chart version reads from each, from the
 * harbor-helm templates of each tag: a key that names a Secret is honoured only by the versions
 * that read it.
 */
public final class SecretReferences {

  /**
   * {@code valuesKey} names Secret {@code name}, from which the chart reads {@code keys}; {@code
   * htpasswd} when one of them is a registry htpasswd line to verify against the password.
   */
  public record Reference(String valuesKey, String name, List<String> keys, boolean htpasswd) {}

  /** A values key that should name a Secret but holds a list, a map, a number or a flag. */
  public record WrongType(String valuesKey, String found) {}

  /** What the values name, and the keys of the wrong type. */
  public record Found(List<Reference> references, List<WrongType> wrongTypes) {}

  /** {@code registry.credentials.existingSecret}: the password and its htpasswd line. */
  public static final String REGISTRY_PASSWD = "REGISTRY_PASSWD";

  public static final String REGISTRY_HTPASSWD = "REGISTRY_HTPASSWD";

  private SecretReferences() {}

  public static Found of(HarborValues values) {
    HarborChart chart = values.chart();
    ChartVersion v = chart.version();
    List<Reference> references = new ArrayList<>();
    List<WrongType> wrong = new ArrayList<>();
    Adder add = new Adder(values, references, wrong);
    // from 1.10.0 (templates core-dpl, registry-dpl, exporter-dpl, jobservice-dpl)
    if (v.atLeast(1, 10, 0)) {
      if ("external".equals(values.text("redis.type"))) {
        add.fixed("redis.external.existingSecret", List.of("REDIS_PASSWORD"), false);
      }
      if ("external".equals(values.text("database.type"))) {
        add.fixed("database.external.existingSecret", List.of("password"), false);
      }
      add.fixed(
          "registry.credentials.existingSecret", List.of(REGISTRY_PASSWD, REGISTRY_HTPASSWD), true);
      add.fixed("existingSecretSecretKey", List.of("secretKey"), false);
    }
    if (v.atLeast(1, 12, 0)) {
      add.keyed("existingSecretAdminPassword", "existingSecretAdminPasswordKey");
    }
    if (chart.hasExistingSecretVariants()) { // 1.14.0
      add.fixed("core.existingSecret", List.of("secret"), false);
      add.keyed("core.existingXsrfSecret", "core.existingXsrfSecretKey");
      add.keyed("jobservice.existingSecret", "jobservice.existingSecretKey");
      add.keyed("registry.existingSecret", "registry.existingSecretKey");
    }
    // the trust bundle mounted as /harbor_cust_cert/custom-ca.crt, subPath ca.crt
    if (v.atLeast(1, 4, 1)) {
      add.fixed("caBundleSecretName", List.of("ca.crt"), false);
    }
    if (v.atLeast(1, 2, 0)) {
      add.fixed("persistence.imageChartStorage.caBundleSecretName", List.of("ca.crt"), false);
    }
    // internal TLS from chart 1.4.0: each component mounts its Secret whole and reads the three
    if (v.atLeast(1, 4, 0)
        && values.flag("internalTLS.enabled")
        && "secret".equals(values.text("internalTLS.certSource"))) {
      List<String> components =
          new ArrayList<>(List.of("core", "jobservice", "portal", "registry"));
      if (values.flag("trivy.enabled")) {
        components.add("trivy");
      }
      if (chart.hasChartmuseum() && values.flag("chartmuseum.enabled")) {
        components.add("chartmuseum");
      }
      if (chart.hasClair() && values.flag("clair.enabled")) {
        components.add("clair");
      }
      for (String component : components) {
        add.fixed(
            "internalTLS." + component + ".secretName",
            List.of("ca.crt", "tls.crt", "tls.key"),
            false);
      }
    }
    return new Found(List.copyOf(references), List.copyOf(wrong));
  }

  /** Reads one values key as a Secret name; anything but text is of the wrong type. */
  private record Adder(HarborValues values, List<Reference> references, List<WrongType> wrong) {

    void fixed(String valuesKey, List<String> keys, boolean htpasswd) {
      name(valuesKey).ifPresent(n -> references.add(new Reference(valuesKey, n, keys, htpasswd)));
    }

    /** A Secret whose key is itself a values key (with the chart's default). */
    void keyed(String valuesKey, String keyKey) {
      name(valuesKey)
          .ifPresent(
              n -> {
                JsonNode key = values.node(keyKey);
                if (!key.isMissingNode() && !key.isTextual()) {
                  wrong.add(new WrongType(keyKey, kind(key)));
                } else if (key.isTextual() && !key.asText().isBlank()) {
                  references.add(new Reference(valuesKey, n, List.of(key.asText()), false));
                } else {
                  wrong.add(new WrongType(keyKey, "nothing (the key to read is not named)"));
                }
              });
    }

    java.util.Optional<String> name(String valuesKey) {
      JsonNode node = values.node(valuesKey);
      if (node.isMissingNode()) {
        return java.util.Optional.empty();
      }
      if (!node.isTextual()) {
        wrong.add(new WrongType(valuesKey, kind(node)));
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(node.asText()).filter(s -> !s.isBlank());
    }
  }

  static String kind(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a flag";
    }
    return "not text";
  }
}
