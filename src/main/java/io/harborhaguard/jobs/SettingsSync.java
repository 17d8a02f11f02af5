package io.harborhaguard.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.ChartVersion;
import io.harborhaguard.helm.HarborChart;
import io.harborhaguard.helm.HarborValues;
import io.harborhaguard.helm.PublishedPasswords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Discovers Stolon, redis-ha and CoreDNS and writes, into Harbor's namespace, what Harbor needs
 * from them: a Secret for {@code database.external.existingSecret}, a Secret for {@code
 * redis.external.existingSecret}, an HAProxy configuration for the Redis master, and a values
 * overlay. Writes only what changed; reports drift of the deployed release.
 */
public class SettingsSync {

  public static final String DATABASE_SECRET = "harbor-ha-database";
  public static final String REDIS_SECRET = "harbor-ha-redis";
  public static final String HAPROXY_CONFIG = "harbor-ha-redis-haproxy";
  public static final String VALUES_OVERLAY = "harbor-ha-values";
  private static final Map<String, String> MANAGED =
      Map.of("app.kubernetes.io/managed-by", "harbor-ha-guard");

  /** What one run found, wrote and noticed. */
  public record Result(
      String run,
      Optional<Discovery.Stolon> stolon,
      Optional<Discovery.RedisHa> redis,
      Optional<String> coreDns,
      List<String> written,
      String valuesOverlay,
      List<String> drift,
      List<String> notes) {}

  /** Where to look and what the Harbor release is. */
  public record Request(
      String harborNamespace,
      Optional<HarborValues> deployed,
      Optional<String> stolonNamespace,
      Optional<String> redisNamespace) {}

  private final KubernetesClient client;

  public SettingsSync(KubernetesClient client) {
    this.client = client;
  }

  public Result run(Request request) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Discovery discovery = new Discovery(client);
    Optional<Discovery.Stolon> stolon = discovery.stolon(request.stolonNamespace());
    Optional<Discovery.RedisHa> redis = discovery.redisHa(request.redisNamespace());
    Optional<String> dns = discovery.coreDns();
    HarborChart chart =
        request
            .deployed()
            .map(HarborValues::chart)
            .orElse(HarborChart.of(ChartVersion.of(1, 19, 1)));
    List<String> written = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String ns = request.harborNamespace();

    Optional<String> stolonPassword =
        stolon.flatMap(s -> HelmReleases.secretValue(client, s.namespace(), "stolon", "password"));
    if (stolon.isEmpty()) {
      notes.add("no Stolon proxy Service (labels component=stolon-proxy, stolon-cluster) found");
    } else if (stolonPassword.isEmpty()) {
      notes.add(
          "Stolon's superuser Secret "
              + stolon.get().namespace()
              + "/stolon (key password) not found");
    } else if (PublishedPasswords.isPublished(stolonPassword.get())) {
      notes.add(
          "not copied: Stolon's superuser Secret "
              + stolon.get().namespace()
              + "/stolon holds a published example password; give the superuser a password of"
              + " its own, then run settings-sync again");
    } else {
      written.add(writeSecret(ns, DATABASE_SECRET, Map.of("password", stolonPassword.get())));
    }
    Optional<String> redisPassword =
        redis.flatMap(r -> HelmReleases.secretValue(client, r.namespace(), r.fullname(), "auth"));
    redisPassword.ifPresent(
        p -> written.add(writeSecret(ns, REDIS_SECRET, Map.of("REDIS_PASSWORD", p))));
    if (redis.isEmpty()) {
      notes.add("no redis-ha StatefulSet (label app=redis-ha, name <fullname>-server) found");
    } else {
      String builtIn = redis.get().fullname() + "-haproxy";
      if (client.services().inNamespace(redis.get().namespace()).withName(builtIn).get() != null) {
        notes.add(
            "redis-ha's own HAProxy Service "
                + redis.get().namespace()
                + "/"
                + builtIn
                + " also reaches the master only (port 6379); either endpoint works");
      }
      if (dns.isEmpty()) {
        notes.add(
            "kube-system/kube-dns has no ClusterIP: HAProxy resolves the Redis names once at start");
      }
      written.add(
          writeConfigMap(
              ns,
              HAPROXY_CONFIG,
              "haproxy.cfg",
              haproxy(redis.get(), dns, redisPassword.isPresent())));
    }
    String overlay = overlay(chart, ns, stolon, redis, redisPassword.isPresent(), notes);
    written.add(writeConfigMap(ns, VALUES_OVERLAY, "values.yaml", overlay));
    List<String> drift =
        request.deployed().map(v -> Drift.of(v, stolon, redis, ns)).orElse(List.of());
    return new Result(run, stolon, redis, dns, written, overlay, drift, notes);
  }

  static String haproxy(Discovery.RedisHa redis, Optional<String> dns, boolean auth) {
    List<HaproxyConfig.Server> servers = new ArrayList<>();
    List<String> fqdns = redis.serverFqdns();
    for (int i = 0; i < fqdns.size(); i++) {
      servers.add(new HaproxyConfig.Server("redis-" + i, fqdns.get(i), 6379));
    }
    return HaproxyConfig.render(
        new HaproxyConfig.Spec(6379, servers, dns.map(ip -> ip + ":53"), auth));
  }

  private static String overlay(
      HarborChart chart,
      String ns,
      Optional<Discovery.Stolon> stolon,
      Optional<Discovery.RedisHa> redis,
      boolean redisAuth,
      List<String> notes) {
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    stolon.ifPresent(
        s -> {
          ObjectNode external =
              values.putObject("database").put("type", "external").putObject("external");
          external
              .put("host", s.fqdn())
              .put("port", String.valueOf(s.port()))
              .put("username", "stolon")
              .put("sslmode", "disable");
          if (chart.version().atLeast(1, 10, 0)) {
            external.put("existingSecret", DATABASE_SECRET);
          } else {
            notes.add(
                "chart "
                    + chart.version()
                    + " has no database.external.existingSecret: set"
                    + " database.external.password from Secret "
                    + ns
                    + "/"
                    + DATABASE_SECRET);
          }
        });
    redis.ifPresent(
        r -> {
          ObjectNode external =
              values.putObject("redis").put("type", "external").putObject("external");
          String endpoint = HAPROXY_CONFIG + "." + ns + ".svc.cluster.local";
          if (chart.hasRedisAddr()) {
            external.put("addr", endpoint + ":6379");
          } else {
            external.put("host", endpoint).put("port", "6379");
          }
          if (redisAuth && chart.version().atLeast(1, 10, 0)) {
            external.put("existingSecret", REDIS_SECRET);
          } else if (redisAuth) {
            notes.add(
                "chart "
                    + chart.version()
                    + " has no redis.external.existingSecret: set"
                    + " redis.external.password from Secret "
                    + ns
                    + "/"
                    + REDIS_SECRET);
          }
        });
    try {
      return new YAMLMapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates or updates the Secret; returns "Secret ns/name created|updated|unchanged". */
  private String writeSecret(String ns, String name, Map<String, String> plain) {
    Map<String, String> data = new TreeMap<>();
    plain.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret existing = client.secrets().inNamespace(ns).withName(name).get();
    String what = "Secret " + ns + "/" + name;
    if (existing != null && data.equals(existing.getData())) {
      return what + " unchanged";
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .withLabels(MANAGED)
            .endMetadata()
            .withType("Opaque")
            .withData(data)
            .build();
    client.secrets().inNamespace(ns).resource(secret).createOr(op -> op.update());
    return what + (existing == null ? " created" : " updated");
  }

  private String writeConfigMap(String ns, String name, String key, String content) {
    ConfigMap existing = client.configMaps().inNamespace(ns).withName(name).get();
    String what = "ConfigMap " + ns + "/" + name;
    if (existing != null
        && existing.getData() != null
        && content.equals(existing.getData().get(key))) {
      return what + " unchanged";
    }
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .withLabels(MANAGED)
            .endMetadata()
            .withData(Map.of(key, content))
            .build();
    client.configMaps().inNamespace(ns).resource(configMap).createOr(op -> op.update());
    return what + (existing == null ? " created" : " updated");
  }
}
