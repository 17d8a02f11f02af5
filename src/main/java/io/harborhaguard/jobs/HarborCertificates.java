package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.rules.values.CertPerRenderRule;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The ends of validity of the certificates a Harbor release uses, by a label of a fixed vocabulary
 * ({@code expose}, {@code internal-<component>}), never a Secret's name. {@code expose}: the Secret
 * {@code expose.tls.secret.secretName} names with {@code certSource: secret} (before chart 1.5.0,
 * without certSource: {@code expose.tls.secretName}), or the one the chart generates with {@code
 * certSource: auto} ({@code <fullname>-ingress} or {@code <fullname>-nginx}, signed at render with
 * a 365-day CA nobody renews). {@code internal-<component>} with {@code internalTLS.enabled}:
 * {@code internalTLS.<component>.secretName} with {@code certSource: secret}, else the chart's
 * {@code <fullname>-<component>-internal-tls}. The earliest end among {@code tls.crt} (its chain)
 * and, for internal TLS, {@code ca.crt} (what the peers verify with) counts; a Secret that is
 * missing, unreadable or holds no certificate gives no figure, and a DEBUG line naming the Secret.
 */
final class HarborCertificates {

  private static final Logger LOG = Logger.getLogger(HarborCertificates.class);

  private final KubernetesClient client;

  HarborCertificates(KubernetesClient client) {
    this.client = client;
  }

  Map<String, Instant> of(HarborValues values, String namespace, String release) {
    Map<String, Instant> ends = new TreeMap<>();
    String fullname = fullname(values, release);
    String expose = exposeSecret(values, fullname);
    if (!expose.isEmpty()) {
      notAfter(namespace, expose, List.of("tls.crt")).ifPresent(end -> ends.put("expose", end));
    }
    if (values.chart().hasInternalTls() && values.flag("internalTLS.enabled")) {
      boolean fromSecrets = "secret".equals(values.text("internalTLS.certSource"));
      for (String component : values.chart().internalTlsComponents()) {
        String name =
            fromSecrets
                ? values.text("internalTLS." + component + ".secretName")
                : fullname + "-" + component + "-internal-tls";
        if (!name.isEmpty()) {
          notAfter(namespace, name, List.of("tls.crt", "ca.crt"))
              .ifPresent(end -> ends.put("internal-" + component, end));
        }
      }
    }
    return ends;
  }

  /** The Secret the ingress or nginx serves from; empty when TLS is off or none is named. */
  private static String exposeSecret(HarborValues values, String fullname) {
    if (values.isSet("expose.tls.enabled") && !values.flag("expose.tls.enabled")) {
      return "";
    }
    if (CertPerRenderRule.generatesExposeCertificate(values)) {
      return fullname + ("ingress".equals(values.text("expose.type")) ? "-ingress" : "-nginx");
    }
    // older charts name the Secret at expose.tls.secretName and have no certSource
    return values.isSet("expose.tls.certSource")
        ? "secret".equals(values.text("expose.tls.certSource"))
            ? values.text("expose.tls.secret.secretName")
            : ""
        : values.text("expose.tls.secretName");
  }

  /**
   * The chart's {@code harbor.fullname}: from 1.7.0 {@code fullnameOverride}, else the release name
   * when it contains {@code nameOverride} (default {@code harbor}); before 1.7.0 always {@code
   * <release>-<nameOverride or harbor>}; at most 63 characters without a trailing '-'.
   */
  static String fullname(HarborValues values, String release) {
    String name = values.isSet("nameOverride") ? values.text("nameOverride") : "harbor";
    String full;
    if (values.chart().version().atLeast(1, 7, 0) && values.isSet("fullnameOverride")) {
      full = values.text("fullnameOverride");
    } else if (values.chart().version().atLeast(1, 7, 0) && release.contains(name)) {
      full = release;
    } else {
      full = release + "-" + name;
    }
    full = full.length() > 63 ? full.substring(0, 63) : full;
    while (full.endsWith("-")) {
      full = full.substring(0, full.length() - 1);
    }
    return full;
  }

  private Optional<Instant> notAfter(String namespace, String secretName, List<String> keys) {
    try {
      Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
      Map<String, String> data =
          secret == null || secret.getData() == null ? Map.of() : secret.getData();
      Instant earliest = null;
      for (String key : keys) {
        String pem = data.get(key);
        if (pem == null) {
          continue;
        }
        for (Certificate c :
            CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Base64.getDecoder().decode(pem)))) {
          Instant end = ((X509Certificate) c).getNotAfter().toInstant();
          earliest = earliest == null || end.isBefore(earliest) ? end : earliest;
        }
      }
      if (earliest == null) {
        LOG.debugf("audit: no certificate in Secret %s/%s", namespace, secretName);
      }
      return Optional.ofNullable(earliest);
    } catch (KubernetesClientException | CertificateException | IllegalArgumentException e) {
      LOG.debugf(
          "audit: Secret %s/%s holds no readable certificate: %s",
          namespace, secretName, e.getClass().getSimpleName());
      return Optional.empty();
    }
  }
}
