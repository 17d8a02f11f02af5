package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.harborhaguard.tls.Certificates;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rotation job against the CRUD mock API server holding the shipped webhook configurations. */
@EnableKubernetesMockClient(crud = true)
class CertRotationIT {

  static KubernetesClient client;
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final String NS = "harbor-ha-guard";

  @BeforeEach
  void webhooks() throws Exception {
    try (var in = new FileInputStream("webhook/validating-webhook.yaml")) {
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .resource(Serialization.unmarshal(in, ValidatingWebhookConfiguration.class))
          .createOr(op -> op.update());
    }
    try (var in = new FileInputStream("webhook/mutating-webhook.yaml")) {
      client
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .resource(Serialization.unmarshal(in, MutatingWebhookConfiguration.class))
          .createOr(op -> op.update());
    }
    client.secrets().inNamespace(NS).delete();
  }

  private static List<String> rotateAt(Instant now) {
    return new CertRotation(
            client, CertRotation.Settings.defaults(NS), Clock.fixed(now, ZoneOffset.UTC))
        .run();
  }

  private static String secret(String name, String key) {
    return new String(
        Base64.getDecoder()
            .decode(client.secrets().inNamespace(NS).withName(name).get().getData().get(key)),
        StandardCharsets.UTF_8);
  }

  private static List<X509Certificate> bundle() {
    String encoded =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName("harbor-ha-guard")
            .get()
            .getWebhooks()
            .get(0)
            .getClientConfig()
            .getCaBundle();
    String mutating =
        client
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName("harbor-ha-guard")
            .get()
            .getWebhooks()
            .get(0)
            .getClientConfig()
            .getCaBundle();
    assertThat(mutating).as("both webhooks trust the same CAs").isEqualTo(encoded);
    String pem = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    return Arrays.stream(pem.split("(?=-----BEGIN CERTIFICATE-----)"))
        .filter(s -> !s.isBlank())
        .map(Certificates::parseCertificate)
        .toList();
  }

  private static X509Certificate serving() {
    return Certificates.parseCertificate(secret("harbor-ha-guard-tls", "tls.crt"));
  }

  @Test
  void issuesRenewsAndRotatesTheCaWithoutAGap() throws Exception {
    assertThat(rotateAt(T0)).hasSize(3);
    X509Certificate firstCa = bundle().get(0);
    X509Certificate firstServing = serving();
    assertThat(Certificates.signedBy(firstServing, firstCa)).isTrue();
    assertThat(firstServing.getSubjectAlternativeNames())
        .extracting(n -> n.get(1).toString())
        .contains("harbor-ha-guard.harbor-ha-guard.svc");
    assertThat(secret("harbor-ha-guard-tls", "tls.key")).startsWith("-----BEGIN");
    assertThat(client.secrets().inNamespace(NS).withName("harbor-ha-guard-tls").get().getData())
        .as("the CA key is never in the Secret the guard mounts")
        .doesNotContainKey("ca.key");

    assertThat(rotateAt(T0.plus(Duration.ofDays(10)))).as("nothing due").isEmpty();

    assertThat(rotateAt(T0.plus(Duration.ofDays(70))))
        .singleElement()
        .asString()
        .startsWith("issued a serving certificate");
    assertThat(serving().getSerialNumber()).isNotEqualTo(firstServing.getSerialNumber());
    assertThat(bundle()).containsExactly(firstCa);

    Instant caDue = firstCa.getNotAfter().toInstant().minus(Duration.ofDays(300));
    List<String> rotated = rotateAt(caDue);
    assertThat(rotated.get(0))
        .startsWith("issued a new CA")
        .contains("the previous CA stays trusted");
    List<X509Certificate> overlap = bundle();
    assertThat(overlap).hasSize(2).contains(firstCa);
    assertThat(Certificates.signedBy(serving(), overlap.get(0)))
        .as("served by the new CA")
        .isTrue();

    rotateAt(firstCa.getNotAfter().toInstant().plus(Duration.ofDays(1)));
    assertThat(bundle()).as("the expired CA leaves the bundle").hasSize(1).doesNotContain(firstCa);
  }
}
