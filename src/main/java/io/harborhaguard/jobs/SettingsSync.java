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
import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Discovers Stolon, redis-ha and CoreDNS in the namespaces named for them and writes, into Harbor's
 * namespace, what Harbor needs: the password of Harbor's own database role (never the superuser's)
 * for {@code database.external.existingSecret}, a Secret for {@code redis.external.existingSecret},
 * an HAProxy configuration for the Redis master, and a values overlay. Writes only what changed;
 * reports drift of the deployed release.
 */
public class SettingsSync {

  public static final String DATABASE_SECRET = "harbor-ha-database";
  public static final String REDIS_SECRET = "harbor-ha-redis";
  public static final String HAPROXY_CONFIG = "harbor-ha-redis-haproxy";
  public static final String VALUES_OVERLAY = "harbor-ha-values";
  private static final SecureRandom RANDOM = new SecureRandom();
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

  /** The sslmodes the overlay may give Harbor: encrypted, and verified where Harbor can be. */
  public static final List<String> OVERLAY_SSLMODES =
      List.of("require", "verify-ca", "verify-full");

  /**
   * Where to look (every namespace named by the administrator), what the Harbor release is,
   * Harbor's own database role and the sslmode the overlay gives Harbor.
   */
  public record Request(
      String harborNamespace,
      Optional<HarborValues> deployed,
      String stolonNamespace,
      String redisNamespace,
      String harborDbUser,
      String sslmode) {

    public Request {
      new SqlIdentifier(harborDbUser); // a plain role name, as db-init will create it
      if (!OVERLAY_SSLMODES.contains(sslmode)) {
        throw new IllegalArgumentException(
            "sslmode " + sslmode + " refused for Harbor: one of " + OVERLAY_SSLMODES);
      }
    }

    /** Harbor's role {@code harbor}, sslmode {@code require}. */
    public static Request of(
        String harborNamespace,
        Optional<HarborValues> deployed,
        String stolonNamespace,
        String redisNamespace) {
      return new Request(
          harborNamespace, deployed, stolonNamespace, redisNamespace, "harbor", "require");
    }
  }

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
            .orElseGet(() -> HarborChart.of(ChartReleases.shipped().newest()));
    List<String> written = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String ns = request.harborNamespace();

    if (stolon.isEmpty()) {
      notes.add(
          "no Stolon proxy Service (labels component=stolon-proxy, stolon-cluster) in namespace "
              + request.stolonNamespace());
    } else {
      written.add(harborRolePassword(ns));
      notes.add(
          "Harbor logs in as its own role "
              + request.harborDbUser()
              + ", never Stolon's superuser: create it with job db-init --create-role (its"
              + " password is in Secret "
              + ns
              + "/"
              + DATABASE_SECRET
              + ")");
    }
    Optional<String> redisPassword =
        redis.flatMap(r -> HelmReleases.secretValue(client, r.namespace(), r.fullname(), "auth"));
    redisPassword.ifPresent(
        p -> written.add(writeSecret(ns, REDIS_SECRET, Map.of("REDIS_PASSWORD", p))));
    if (redis.isEmpty()) {
      notes.add(
          "no redis-ha StatefulSet (label app=redis-ha, name <fullname>-server) in namespace "
              + request.redisNamespace());
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
    String overlay = overlay(chart, request, stolon, redis, redisPassword.isPresent(), notes);
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
      Request request,
      Optional<Discovery.Stolon> stolon,
      Optional<Discovery.RedisHa> redis,
      boolean redisAuth,
      List<String> notes) {
    String ns = request.harborNamespace();
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    stolon.ifPresent(
        s -> {
          ObjectNode external =
              values.putObject("database").put("type", "external").putObject("external");
          external
              .put("host", s.fqdn())
              .put("port", String.valueOf(s.port()))
              .put("username", request.harborDbUser())
              .put("sslmode", request.sslmode());
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

  /**
   * The password of Harbor's own database role, made once (32 random characters) and kept: a new
   * password on every run would lock out the role db-init created with the first.
   */
  private String harborRolePassword(String ns) {
    Optional<String> kept = HelmReleases.secretValue(client, ns, DATABASE_SECRET, "password");
    return writeSecret(
        ns, DATABASE_SECRET, Map.of("password", kept.orElseGet(SettingsSync::newPassword)));
  }

  private static String newPassword() {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
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
