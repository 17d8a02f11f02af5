package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.harborhaguard.helm.values.HarborValues;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The ends of validity of the certificates a Harbor release serves from a Secret it names: {@code
 * expose} is {@code expose.tls.secret.secretName} when {@code expose.tls.certSource} is {@code
 * secret} (in older charts, without certSource: {@code expose.tls.secretName}). Only {@code
 * tls.crt} is read (the earliest end in its chain); a Secret that is missing, unreadable or holds
 * no certificate gives no figure, and a DEBUG line naming the Secret.
 */
final class HarborCertificates {

  private static final Logger LOG = Logger.getLogger(HarborCertificates.class);

  private final KubernetesClient client;

  HarborCertificates(KubernetesClient client) {
    this.client = client;
  }

  Map<String, Instant> of(HarborValues values, String namespace) {
    Map<String, Instant> ends = new TreeMap<>();
    if (values.isSet("expose.tls.enabled") && !values.flag("expose.tls.enabled")) {
      return ends;
    }
    // older charts name the Secret at expose.tls.secretName and have no certSource
    String secretName =
        values.isSet("expose.tls.certSource")
            ? "secret".equals(values.text("expose.tls.certSource"))
                ? values.text("expose.tls.secret.secretName")
                : ""
            : values.text("expose.tls.secretName");
    if (!secretName.isEmpty()) {
      notAfter(namespace, secretName).ifPresent(end -> ends.put("expose", end));
    }
    return ends;
  }

  private Optional<Instant> notAfter(String namespace, String secretName) {
    try {
      Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
      String pem =
          secret == null || secret.getData() == null ? null : secret.getData().get("tls.crt");
      if (pem == null) {
        LOG.debugf("audit: no tls.crt in Secret %s/%s", namespace, secretName);
        return Optional.empty();
      }
      Instant earliest = null;
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(Base64.getDecoder().decode(pem)))) {
        Instant end = ((X509Certificate) c).getNotAfter().toInstant();
        earliest = earliest == null || end.isBefore(earliest) ? end : earliest;
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
