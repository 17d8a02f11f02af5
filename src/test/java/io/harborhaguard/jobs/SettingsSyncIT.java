package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.RealServers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * settings-sync against the CRUD mock API server holding Stolon, redis-ha and kube-dns as their
 * charts make them.
 */
@EnableKubernetesMockClient(crud = true)
class SettingsSyncIT {

  /** Stolon's superuser password in this cluster: one of its own, not the example's. */
  private static final String STOLON_PASSWORD = "Sx7-stolon-own-pass";

  static KubernetesClient client;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void cluster() {
    client
        .services()
        .inNamespace("harbor-db")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("stolon-proxy-service")
                .withNamespace("harbor-db")
                .withLabels(Map.of("component", "stolon-proxy", "stolon-cluster", "kube-stolon"))
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(5432)
                .endPort()
                .withSelector(Map.of("component", "stolon-proxy", "stolon-cluster", "kube-stolon"))
                .endSpec()
                .build())
        .createOr(op -> op.update());
    client
        .secrets()
        .inNamespace("harbor-db")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("stolon")
                .withNamespace("harbor-db")
                .endMetadata()
                .addToData("password", b64(STOLON_PASSWORD))
                .build())
        .createOr(op -> op.update());
    client
        .apps()
        .statefulSets()
        .inNamespace("harbor-redis")
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("redis-ha-server")
                .withNamespace("harbor-redis")
                .withLabels(Map.of("app", "redis-ha", "release", "redis-ha"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withServiceName("redis-ha")
                .endSpec()
                .build())
        .createOr(op -> op.update());
    client
        .services()
        .inNamespace("harbor-redis")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("redis-ha")
                .withNamespace("harbor-redis")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .addNewPort()
                .withName("tcp-server")
                .withPort(6379)
                .endPort()
                .addNewPort()
                .withName("tcp-sentinel")
                .withPort(26379)
                .endPort()
                .endSpec()
                .build())
        .createOr(op -> op.update());
    client
        .secrets()
        .inNamespace("harbor-redis")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("redis-ha")
                .withNamespace("harbor-redis")
                .endMetadata()
                .addToData("auth", b64("redis-secret-9"))
                .build())
        .createOr(op -> op.update());
    client
        .services()
        .inNamespace("kube-system")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("kube-dns")
                .withNamespace("kube-system")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("10.96.0.10")
                .addNewPort()
                .withPort(53)
                .withProtocol("UDP")
                .endPort()
                .endSpec()
                .build())
        .createOr(op -> op.update());
  }

  private static SettingsSync.Request request(Optional<HarborValues> deployed) {
    return SettingsSync.Request.of("harbor", deployed, "harbor-db", "harbor-redis");
  }

  @Test
  void writesWhatHarborNeedsAndIsIdempotent() throws Exception {
    SettingsSync.Result first = new SettingsSync(client).run(request(Optional.empty()));
    assertThat(first.stolon())
        .get()
        .extracting(Discovery.Stolon::fqdn)
        .isEqualTo("stolon-proxy-service.harbor-db.svc.cluster.local");
    assertThat(first.redis()).get().extracting(Discovery.RedisHa::replicas).isEqualTo(3);
    assertThat(first.coreDns()).contains("10.96.0.10");

    String harborPassword =
        HelmReleases.secretValue(client, "harbor", SettingsSync.DATABASE_SECRET, "password")
            .orElseThrow();
    assertThat(harborPassword).hasSize(32).isNotEqualTo(STOLON_PASSWORD);
    assertThat(
            HelmReleases.secretValue(client, "harbor", SettingsSync.REDIS_SECRET, "REDIS_PASSWORD"))
        .contains("redis-secret-9");

    String haproxy =
        client
            .configMaps()
            .inNamespace("harbor")
            .withName(SettingsSync.HAPROXY_CONFIG)
            .get()
            .getData()
            .get("haproxy.cfg");
    assertThat(haproxy)
        .contains("nameserver coredns 10.96.0.10:53")
        .contains("server redis-2 redis-ha-server-2.redis-ha.harbor-redis.svc.cluster.local:6379")
        .contains("tcp-check expect string role:master")
        .contains("AUTH ${REDIS_PASSWORD}")
        .doesNotContain("redis-secret-9");
    assertThat(RealServers.check(haproxy)).startsWith("0 ");

    JsonNode overlay = new YAMLMapper().readTree(first.valuesOverlay());
    assertThat(overlay.at("/database/external/host").asText())
        .isEqualTo("stolon-proxy-service.harbor-db.svc.cluster.local");
    assertThat(overlay.at("/database/external/existingSecret").asText())
        .isEqualTo(SettingsSync.DATABASE_SECRET);
    assertThat(overlay.at("/database/external/username").asText()).isEqualTo("harbor");
    assertThat(overlay.at("/database/external/sslmode").asText()).isEqualTo("require");
    assertThat(overlay.at("/redis/external/addr").asText())
        .isEqualTo("harbor-ha-redis-haproxy.harbor.svc.cluster.local:6379");
    assertThat(first.valuesOverlay()).doesNotContain(STOLON_PASSWORD).doesNotContain("stolon\n");
    assertThat(first.written()).allMatch(w -> w.endsWith(" created"));

    SettingsSync.Result second = new SettingsSync(client).run(request(Optional.empty()));
    assertThat(second.written()).allMatch(w -> w.endsWith(" unchanged"));
    assertThat(HelmReleases.secretValue(client, "harbor", SettingsSync.DATABASE_SECRET, "password"))
        .as("Harbor's role keeps its password")
        .contains(harborPassword);
  }

  /** A look-alike elsewhere counts for nothing; two candidates where one is expected fail. */
  @Test
  void onlyTheNamedNamespaceIsSearchedAndTwoCandidatesAreAnError() throws Exception {
    client
        .services()
        .inNamespace("aaa")
        .resource(stolonProxy("aaa", "evil-proxy"))
        .createOr(op -> op.update());
    assertThat(new SettingsSync(client).run(request(Optional.empty())).stolon())
        .get()
        .extracting(Discovery.Stolon::namespace)
        .isEqualTo("harbor-db");

    client
        .services()
        .inNamespace("harbor-db")
        .resource(stolonProxy("harbor-db", "second-proxy"))
        .createOr(op -> op.update());
    try {
      assertThatThrownBy(() -> new SettingsSync(client).run(request(Optional.empty())))
          .isInstanceOf(Discovery.Ambiguous.class)
          .hasMessageContaining("2 Stolon proxy Services")
          .hasMessageContaining("harbor-db/second-proxy, harbor-db/stolon-proxy-service");
    } finally {
      client.services().inNamespace("harbor-db").withName("second-proxy").delete();
    }
  }

  private static io.fabric8.kubernetes.api.model.Service stolonProxy(String ns, String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(Map.of("component", "stolon-proxy", "stolon-cluster", "kube-stolon"))
        .endMetadata()
        .withNewSpec()
        .addNewPort()
        .withPort(5432)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void theCommandNeedsTheNamespacesAndAnEncryptedSslmode() {
    assertThat(
            new picocli.CommandLine(new io.harborhaguard.cli.SettingsSyncCommand())
                .execute("--namespace", "harbor"))
        .isEqualTo(2);
    assertThatThrownBy(
            () ->
                new SettingsSync.Request(
                    "harbor", Optional.empty(), "harbor-db", "harbor-redis", "harbor", "disable"))
        .hasMessageContaining("sslmode disable refused");
  }

  @Test
  void oldChartsGetHostAndPortAndANoteInsteadOfExistingSecret() throws Exception {
    SettingsSync.Result result =
        new SettingsSync(client).run(request(Optional.of(Fixtures.values("v1.3.19", "ha-ok"))));
    JsonNode overlay = new YAMLMapper().readTree(result.valuesOverlay());
    assertThat(overlay.at("/redis/external/host").asText())
        .isEqualTo("harbor-ha-redis-haproxy.harbor.svc.cluster.local");
    assertThat(overlay.at("/redis/external/port").asText()).isEqualTo("6379");
    assertThat(overlay.at("/database/external/existingSecret").isMissingNode()).isTrue();
    assertThat(result.notes()).anyMatch(n -> n.contains("has no database.external.existingSecret"));
  }

  @Test
  void reportsDriftOfTheDeployedRelease() {
    HarborValues keeper =
        Fixtures.values(
            "v1.3.19",
            "ha-ok",
            c -> {
              Fixtures.set(
                  c,
                  "database.external.host",
                  "stolon-keeper-0.stolon-keeper.harbor-db.svc.cluster.local");
              Fixtures.set(c, "redis.external.port", "26379");
            });
    assertThat(new SettingsSync(client).run(request(Optional.of(keeper))).drift())
        .anyMatch(d -> d.contains("is a Stolon keeper pod, not the proxy Service"))
        .anyMatch(d -> d.contains("Sentinel port 26379 on chart 1.3.19"));

    HarborValues headless =
        Fixtures.values(
            "v1.19.1",
            "ha-ok",
            c ->
                Fixtures.set(
                    c, "redis.external.addr", "redis-ha.harbor-redis.svc.cluster.local:6379"));
    assertThat(new SettingsSync(client).run(request(Optional.of(headless))).drift())
        .singleElement()
        .asString()
        .contains("redis-ha's headless Service");

    HarborValues sentinel =
        Fixtures.values(
            "v1.19.1",
            "ok-sentinel",
            c -> Fixtures.set(c, "database.external.host", "stolon-proxy-service.harbor-db"));
    assertThat(new SettingsSync(client).run(request(Optional.of(sentinel))).drift()).isEmpty();
  }
}
