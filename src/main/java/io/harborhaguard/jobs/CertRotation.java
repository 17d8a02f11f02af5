package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.tls.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Issues and renews the webhook's serving certificate without cert-manager. The CA lives in its own
 * Secret (never mounted by the guard); the serving Secret holds tls.crt, tls.key and ca.crt. The
 * serving certificate is renewed well before expiry; the CA too, and while the old CA is still
 * valid both are in the webhooks' caBundle, so no client ever sees an unknown issuer — the failure
 * that locked clusters out when a webhook CA silently reached its end after a year.
 */
public class CertRotation {

  /** What to manage and when to renew. */
  public record Settings(
      String namespace,
      String secret,
      String service,
      String webhookConfiguration,
      Duration caValidity,
      Duration caRenewBefore,
      Duration certValidity,
      Duration certRenewBefore) {

    public static Settings defaults(String namespace) {
      return new Settings(
          namespace,
          "harbor-ha-guard-tls",
          "harbor-ha-guard",
          "harbor-ha-guard",
          Duration.ofDays(5 * 365),
          Duration.ofDays(365),
          Duration.ofDays(90),
          Duration.ofDays(30));
    }

    String caSecret() {
      return secret + "-ca";
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Clock clock;

  public CertRotation(KubernetesClient client, Settings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  /** Returns what was done, one line per action; empty when everything was current. */
  public List<String> run() {
    List<String> actions = new ArrayList<>();
    Instant now = clock.instant();
    Map<String, String> caData = data(settings.caSecret());
    Optional<Certificates.Issued> ca = issued(caData.get("ca.crt"), caData.get("ca.key"));
    Optional<X509Certificate> previous =
        Optional.ofNullable(caData.get("previous-ca.crt"))
            .map(Certificates::parseCertificate)
            .filter(c -> valid(c, now));
    if (ca.isEmpty() || expiresWithin(ca.get().certificate(), now, settings.caRenewBefore())) {
      previous = ca.map(Certificates.Issued::certificate).filter(c -> valid(c, now));
      ca = Optional.of(Certificates.authority("harbor-ha-guard-ca", now, settings.caValidity()));
      writeCa(ca.get(), previous);
      actions.add(
          "issued a new CA, valid until "
              + ca.get().certificate().getNotAfter().toInstant()
              + previous
                  .map(p -> "; the previous CA stays trusted until " + p.getNotAfter().toInstant())
                  .orElse(""));
    } else if (caData.containsKey("previous-ca.crt") && previous.isEmpty()) {
      writeCa(ca.get(), previous); // the previous CA expired: drop it
      actions.add("dropped the expired previous CA");
    }
    Map<String, String> serving = data(settings.secret());
    Optional<Certificates.Issued> current = issued(serving.get("tls.crt"), serving.get("tls.key"));
    String bundle = bundle(ca.get().certificate(), previous);
    if (current.isEmpty()
        || expiresWithin(current.get().certificate(), now, settings.certRenewBefore())
        || !Certificates.signedBy(current.get().certificate(), ca.get().certificate())) {
      Certificates.Issued issued =
          Certificates.serving(ca.get(), dnsNames(), now, settings.certValidity());
      writeSecret(
          settings.secret(),
          Map.of("tls.crt", issued.certificatePem(), "tls.key", issued.keyPem(), "ca.crt", bundle));
      actions.add(
          "issued a serving certificate for "
              + dnsNames().get(dnsNames().size() - 1)
              + ", valid until "
              + issued.certificate().getNotAfter().toInstant());
    } else if (!bundle.equals(serving.get("ca.crt"))) {
      writeSecret(
          settings.secret(),
          Map.of(
              "tls.crt",
              serving.get("tls.crt"),
              "tls.key",
              serving.get("tls.key"),
              "ca.crt",
              bundle));
    }
    patchCaBundle(bundle).ifPresent(actions::add);
    return actions;
  }

  List<String> dnsNames() {
    String svc = settings.service();
    String ns = settings.namespace();
    return List.of(
        svc, svc + "." + ns, svc + "." + ns + ".svc", svc + "." + ns + ".svc.cluster.local");
  }

  private static boolean valid(X509Certificate certificate, Instant now) {
    return certificate.getNotAfter().toInstant().isAfter(now);
  }

  private static boolean expiresWithin(X509Certificate certificate, Instant now, Duration window) {
    return !certificate.getNotAfter().toInstant().isAfter(now.plus(window));
  }

  private static String bundle(X509Certificate ca, Optional<X509Certificate> previous) {
    return pem(ca) + previous.map(CertRotation::pem).orElse("");
  }

  private static String pem(X509Certificate certificate) {
    return new Certificates.Issued(certificate, null).certificatePem();
  }

  private static Optional<Certificates.Issued> issued(String certificate, String key) {
    if (certificate == null || key == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Certificates.Issued(
              Certificates.parseCertificate(certificate), Certificates.parseKey(key)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // unreadable: issue anew
    }
  }

  private void writeCa(Certificates.Issued ca, Optional<X509Certificate> previous) {
    Map<String, String> data =
        new TreeMap<>(Map.of("ca.crt", ca.certificatePem(), "ca.key", ca.keyPem()));
    previous.ifPresent(p -> data.put("previous-ca.crt", pem(p)));
    writeSecret(settings.caSecret(), data);
  }

  private Map<String, String> data(String name) {
    Secret secret = client.secrets().inNamespace(settings.namespace()).withName(name).get();
    Map<String, String> decoded = new TreeMap<>();
    if (secret != null && secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  decoded.put(
                      k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return decoded;
  }

  private void writeSecret(String name, Map<String, String> plain) {
    Map<String, String> data = new TreeMap<>();
    plain.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(settings.namespace())
            .addToLabels("app.kubernetes.io/managed-by", "harbor-ha-guard")
            .endMetadata()
            .withType(name.equals(settings.secret()) ? "kubernetes.io/tls" : "Opaque")
            .withData(data)
            .build();
    client.secrets().inNamespace(settings.namespace()).resource(secret).createOr(op -> op.update());
  }

  /** Sets caBundle on every webhook of both configurations that differ; returns what changed. */
  private Optional<String> patchCaBundle(String bundle) {
    String encoded = Base64.getEncoder().encodeToString(bundle.getBytes(StandardCharsets.UTF_8));
    List<String> patched = new ArrayList<>();
    ValidatingWebhookConfiguration validating =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(settings.webhookConfiguration())
            .get();
    if (validating != null
        && validating.getWebhooks().stream()
            .anyMatch(w -> !encoded.equals(w.getClientConfig().getCaBundle()))) {
      validating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .resource(validating)
          .update();
      patched.add("ValidatingWebhookConfiguration");
    }
    MutatingWebhookConfiguration mutating =
        client
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(settings.webhookConfiguration())
            .get();
    if (mutating != null
        && mutating.getWebhooks().stream()
            .anyMatch(w -> !encoded.equals(w.getClientConfig().getCaBundle()))) {
      mutating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
      client
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .resource(mutating)
          .update();
      patched.add("MutatingWebhookConfiguration");
    }
    return patched.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "updated caBundle of "
                + String.join(" and ", patched)
                + " "
                + settings.webhookConfiguration());
  }
}
