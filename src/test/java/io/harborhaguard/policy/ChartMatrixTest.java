package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartKeys;
import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.helm.values.ValuesMerger;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released chart version, 1.0.0 to 1.19.1, judged from its own values.yaml: the defaults get
 * the findings its era implies (its components from INDEX.tsv, its default flags), one HA value set
 * written with that version's keys gets no refusal the version does not force, and no message names
 * a key the version does not have.
 */
class ChartMatrixTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final PolicyEngine ENGINE = TestRules.engine();
  private static final Pattern SET_KEY = Pattern.compile("--set ([A-Za-z][\\w.]*)=");
  private static final Pattern DOTTED = Pattern.compile("\\b([a-z][A-Za-z]*(?:\\.[A-Za-z]+)+)\\b");

  /** Versions with a CSRF key the values cannot pin (harbor-facts §3.1). */
  private static final Set<String> UNPINNABLE_XSRF =
      Set.of("1.1.5", "1.1.6", "1.2.2", "1.2.3", "1.4.0");

  static List<ChartValuesFixtures.Tag> tags() {
    return ChartValuesFixtures.index();
  }

  @ParameterizedTest(name = "chart {0}")
  @MethodSource("tags")
  void defaultsGetTheFindingsOfTheirEra(ChartValuesFixtures.Tag tag) {
    ObjectNode defaults = defaults(tag);
    Report report = ENGINE.evaluate(values(tag, defaults, YAML.createObjectNode()), settings());

    Set<String> refused = ids(report.refusals());
    Set<String> expected =
        new TreeSet<>(
            Set.of(
                "HA-DB-EXTERNAL",
                "HA-REDIS-EXTERNAL",
                "HA-REPLICAS",
                "HA-STORAGE-SHARED",
                "HA-TOKEN-KEY-PINNED"));
    if (hasXsrfKeyAtAll(tag)) {
      expected.add("HA-XSRF-PINNED");
    }
    // core, jobservice and registry secrets are generated at every render before 1.14.0
    if (ChartVersion.parse(tag.chart()).below(1, 14, 0)) {
      expected.add("HA-SECRETS-PINNED");
    }
    assertThat(refused).as("refused").isEqualTo(expected);
    assertThat(keys(report, "HA-REPLICAS"))
        .as("replica keys")
        .isEqualTo(replicaKeys(tag, defaults));
    assertThat(keys(report, "HA-STORAGE-SHARED")).as("claims").isEqualTo(claimKeys(tag, defaults));
    assertThat(ids(report.warnings()))
        .as("warned")
        .containsExactlyInAnyOrder(
            "HA-CREDENTIALS-DEFAULT", "HA-EXTERNAL-URL", "HA-SECRET-KEY", "HA-CERT-PER-RENDER");
    assertNamesOnlyKeysOf(tag, report);
  }

  @ParameterizedTest(name = "chart {0}")
  @MethodSource("tags")
  void anHaValueSetInTheErasKeysIsAdmitted(ChartValuesFixtures.Tag tag) {
    ObjectNode defaults = defaults(tag);
    ObjectNode ha = haValues(tag, defaults);
    Report report = ENGINE.evaluate(values(tag, defaults, ha), settings());

    Set<String> inherent = new TreeSet<>();
    if (UNPINNABLE_XSRF.contains(tag.chart())) {
      inherent.add("HA-XSRF-PINNED");
    }
    if (tag.chart().startsWith("1.0.")) {
      inherent.add("HA-TOKEN-KEY-PINNED");
      inherent.add("HA-SECRETS-PINNED");
    }
    assertThat(ids(report.refusals())).as("refused").isEqualTo(inherent);
    // Charts before 1.2.0 have no database.maxOpenConns: Harbor 1.7-1.8 pools are unbounded.
    assertThat(ids(report.warnings()))
        .as("warned")
        .isEqualTo(
            ChartVersion.parse(tag.chart()).below(1, 2, 0)
                ? Set.of("HA-DB-CONNECTIONS")
                : Set.of());
    assertNamesOnlyKeysOf(tag, report);
  }

  @ParameterizedTest(name = "chart {0}")
  @MethodSource("tags")
  void brokenHaValuesNameOnlyKeysOfTheVersion(ChartValuesFixtures.Tag tag) {
    ObjectNode defaults = defaults(tag);
    for (Consumer<ObjectNode> breakage : breakages(tag)) {
      ObjectNode broken = haValues(tag, defaults);
      breakage.accept(broken);
      Report report = ENGINE.evaluate(values(tag, defaults, broken), settings());
      assertThat(report.refusals()).as("a breakage is refused").isNotEmpty();
      assertNamesOnlyKeysOf(tag, report);
    }
  }

  private static List<Consumer<ObjectNode>> breakages(ChartValuesFixtures.Tag tag) {
    ChartKeys keys = ChartKeys.shipped();
    int position = position(tag);
    List<Consumer<ObjectNode>> breakages = new java.util.ArrayList<>();
    breakages.add(v -> Fixtures.set(v, "database.type", "internal"));
    breakages.add(v -> Fixtures.set(v, "redis.type", "internal"));
    breakages.add(v -> Fixtures.set(v, "core.replicas", 1));
    breakages.add(
        v -> {
          Fixtures.set(v, "persistence.imageChartStorage.type", "filesystem");
          Fixtures.set(v, "persistence.persistentVolumeClaim.registry.accessMode", "ReadWriteOnce");
        });
    breakages.add(v -> Fixtures.set(v, "core.secretName", ""));
    if (keys.has("redis.external.addr", position)) {
      breakages.add(v -> Fixtures.set(v, "redis.external.addr", "s1:26379,s2:26379"));
      breakages.add(v -> Fixtures.set(v, "redis.external.addr", "redis+sentinel: s1:26379"));
    } else {
      breakages.add(v -> Fixtures.set(v, "redis.external.port", "26379"));
    }
    if (keys.has("jobservice.jobLoggers", position)) {
      breakages.add(v -> Fixtures.set(v, "jobservice.jobLoggers", List.of("file")));
    } else if (keys.has("jobservice.jobLogger", position)) {
      breakages.add(v -> Fixtures.set(v, "jobservice.jobLogger", "file"));
    }
    return breakages;
  }

  /** One HA value set, written with the keys this chart version has. */
  static ObjectNode haValues(ChartValuesFixtures.Tag tag, ObjectNode defaults) {
    ChartKeys keys = ChartKeys.shipped();
    int position = position(tag);
    ObjectNode ha = YAML.createObjectNode();
    Fixtures.set(ha, "externalURL", "https://harbor.example.com");
    setIfKnown(ha, keys, position, "expose.ingress.hosts.core", "harbor.example.com");
    setIfKnown(ha, keys, position, "expose.ingress.host", "harbor.example.com");
    Fixtures.set(ha, "database.type", "external");
    Fixtures.set(ha, "database.external.host", "stolon-proxy-service");
    Fixtures.set(ha, "database.external.password", "from-a-secret");
    // 3 core + 3 jobservice pods within PostgreSQL's default 100 connections (HA-DB-CONNECTIONS).
    setIfKnown(ha, keys, position, "database.maxOpenConns", 16);
    Fixtures.set(ha, "redis.type", "external");
    if (keys.has("redis.external.addr", position)) {
      Fixtures.set(ha, "redis.external.addr", "redis-haproxy.redis.svc:6379");
    } else {
      Fixtures.set(ha, "redis.external.host", "redis-haproxy.redis.svc");
      Fixtures.set(ha, "redis.external.port", "6379");
    }
    defaults
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (keys.has(name + ".replicas", position)) {
                Fixtures.set(ha, name + ".replicas", 3);
                // HA-DISRUPTION: a budget that lets drains proceed and a spread kept by force
                setIfKnown(ha, keys, position, name + ".podDisruptionBudget.enabled", true);
                setIfKnown(ha, keys, position, name + ".podDisruptionBudget.minAvailable", 2);
                setIfKnown(
                    ha,
                    keys,
                    position,
                    name + ".topologySpreadConstraints",
                    List.of(
                        Map.of(
                            "maxSkew",
                            1,
                            "topologyKey",
                            "kubernetes.io/hostname",
                            "whenUnsatisfiable",
                            "DoNotSchedule")));
              }
            });
    setIfKnown(ha, keys, position, "notary.server.replicas", 3);
    setIfKnown(ha, keys, position, "notary.signer.replicas", 3);
    Fixtures.set(ha, "persistence.imageChartStorage.type", "s3");
    Fixtures.set(ha, "persistence.imageChartStorage.s3.bucket", "harbor");
    Fixtures.set(ha, "persistence.imageChartStorage.s3.region", "eu-west-1");
    if (keys.has("jobservice.jobLoggers", position)) {
      Fixtures.set(ha, "jobservice.jobLoggers", List.of("database"));
    } else if (keys.has("jobservice.jobLogger", position)) {
      Fixtures.set(ha, "jobservice.jobLogger", "database");
    }
    String scanData = "persistence.persistentVolumeClaim.jobservice.scanDataExports";
    if (keys.has(scanData, position)) {
      Fixtures.set(ha, scanData + ".accessMode", "ReadWriteMany");
      Fixtures.set(ha, scanData + ".storageClass", "cephfs");
    }
    setIfKnown(ha, keys, position, "core.secretName", "harbor-token-key");
    setIfKnown(ha, keys, position, "core.xsrfKey", "Yd3Hs8Kq1Vn6Bw0Zr5Tj2Lx9Pc4Mf7Ga");
    setIfKnown(ha, keys, position, "core.secret", "Qm7TzR2vLp9XwK4c");
    setIfKnown(ha, keys, position, "jobservice.secret", "Jw5Nc8Rt2Xk6Vq9B");
    setIfKnown(ha, keys, position, "registry.secret", "Rz4Gp7Ks1Wd8Hm3Y");
    if (keys.has("expose.tls.certSource", position)) {
      Fixtures.set(ha, "expose.tls.certSource", "secret");
      Fixtures.set(ha, "expose.tls.secret.secretName", "harbor-ingress-tls");
    } else {
      Fixtures.set(ha, "expose.tls.secretName", "harbor-ingress-tls");
    }
    Fixtures.set(ha, "secretKey", "Vq5Lm2Xr8Tn4Wz1K");
    Fixtures.set(ha, "harborAdminPassword", "Kq9-own-admin-pass");
    return ha;
  }

  private static void setIfKnown(
      ObjectNode values, ChartKeys keys, int position, String key, Object value) {
    if (keys.has(key, position)) {
      Fixtures.set(values, key, value);
    }
  }

  /** Chart versions whose core has a CSRF key at all (none before 1.1.5, nor 1.2.0-1.2.1). */
  private static boolean hasXsrfKeyAtAll(ChartValuesFixtures.Tag tag) {
    ChartVersion v = ChartVersion.parse(tag.chart());
    return !(v.below(1, 1, 5)
        || v.compareTo(ChartVersion.of(1, 2, 0)) == 0
        || v.compareTo(ChartVersion.of(1, 2, 1)) == 0);
  }

  /** Stateless components the chart renders by default, by their template folders. */
  private static Set<String> replicaKeys(ChartValuesFixtures.Tag tag, ObjectNode defaults) {
    Set<String> keys = new TreeSet<>();
    for (String folder : tag.components()) {
      switch (folder) {
        case "portal", "core", "jobservice", "registry", "adminserver" ->
            keys.add(folder + ".replicas");
        case "chartmuseum", "clair", "trivy" -> {
          if (defaults.path(folder).path("enabled").asBoolean(false)) {
            keys.add(folder + ".replicas");
          }
        }
        case "notary" -> {
          if (defaults.path("notary").path("enabled").asBoolean(false)) {
            keys.add("notary.server.replicas");
            keys.add("notary.signer.replicas");
          }
        }
        case "exporter" -> {
          if (defaults.path("metrics").path("enabled").asBoolean(false)) {
            keys.add("exporter.replicas");
          }
        }
        case "nginx" -> {
          if (!"ingress".equals(defaults.path("expose").path("type").asText())) {
            keys.add("nginx.replicas");
          }
        }
        default -> {}
      }
    }
    return keys;
  }

  /** Claims several replicas share by default: filesystem images, file job logs, scan data. */
  private static Set<String> claimKeys(ChartValuesFixtures.Tag tag, ObjectNode defaults) {
    String pvc = "persistence.persistentVolumeClaim.";
    Set<String> keys = new TreeSet<>();
    keys.add(pvc + "registry.accessMode");
    if (tag.components().contains("chartmuseum")
        && defaults.path("chartmuseum").path("enabled").asBoolean(false)) {
      keys.add(pvc + "chartmuseum.accessMode");
    }
    JsonNode loggers = defaults.path("jobservice").path("jobLoggers");
    boolean fileLogs =
        loggers.isArray()
            ? loggers.toString().contains("\"file\"")
            : "file".equals(defaults.path("jobservice").path("jobLogger").asText());
    JsonNode jobClaim = defaults.at("/persistence/persistentVolumeClaim/jobservice");
    if (fileLogs) {
      keys.add(pvc + (jobClaim.has("jobLog") ? "jobservice.jobLog" : "jobservice") + ".accessMode");
    }
    if (jobClaim.has("scanDataExports")) {
      keys.add(pvc + "jobservice.scanDataExports.accessMode");
    }
    return keys;
  }

  /** Every key a finding names (its values key, --set keys, dotted keys) exists in the version. */
  private static void assertNamesOnlyKeysOf(ChartValuesFixtures.Tag tag, Report report) {
    ChartKeys keys = ChartKeys.shipped();
    int position = position(tag);
    Set<String> topLevel =
        keys.allKeys().stream().filter(k -> !k.contains(".")).collect(Collectors.toSet());
    for (Finding finding : report.findings()) {
      Violation v = finding.violation();
      // warnings travel in HTTP Warning headers, which take printable ASCII only
      assertThat(FindingFormat.line(finding)).as("printable ASCII").matches("[\\x20-\\x7E]*");
      if (v.ruleId().equals("HA-KEY-KNOWN")) {
        continue; // names the unknown key by design
      }
      String text = withoutOtherVersions(v.message()) + " " + withoutOtherVersions(v.remediation());
      Set<String> named = new TreeSet<>();
      if (!v.valuesKey().isEmpty() && !v.message().contains("does not exist in chart")) {
        named.add(v.valuesKey());
      }
      Matcher set = SET_KEY.matcher(text);
      while (set.find()) {
        named.add(set.group(1));
      }
      Matcher dotted = DOTTED.matcher(text);
      while (dotted.find()) {
        String key = dotted.group(1);
        if (topLevel.contains(key.substring(0, key.indexOf('.')))
            && !key.contains("harbor.domain")) {
          named.add(key);
        }
      }
      for (String key : named) {
        assertThat(keys.has(key, position) || keys.isOpen(parent(key), position))
            .as(
                "chart %s: %s names %s in: %s -> %s",
                tag.chart(), v.ruleId(), key, v.message(), v.remediation())
            .isTrue();
      }
    }
  }

  /** Remediations that send the user to another chart version may name that version's keys. */
  private static String withoutOtherVersions(String text) {
    for (String marker : List.of("upgrade to chart", "use chart")) {
      int at = text.indexOf(marker);
      if (at >= 0) {
        text = text.substring(0, at);
      }
    }
    return text;
  }

  private static String parent(String key) {
    int dot = key.lastIndexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }

  private static Set<String> keys(Report report, String ruleId) {
    return report.findings().stream()
        .filter(f -> f.ruleId().equals(ruleId))
        .map(f -> f.violation().valuesKey())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::ruleId).collect(Collectors.toCollection(TreeSet::new));
  }

  private static PolicySettings settings() {
    return PolicySettings.defaults();
  }

  private static int position(ChartValuesFixtures.Tag tag) {
    return ChartReleases.shipped().indexOf(ChartVersion.parse(tag.chart()));
  }

  private static ObjectNode defaults(ChartValuesFixtures.Tag tag) {
    try {
      return (ObjectNode) YAML.readTree(ChartValuesFixtures.text(tag.chart()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HarborValues values(
      ChartValuesFixtures.Tag tag, ObjectNode defaults, ObjectNode user) {
    return new HarborValues(
        "harbor/harbor",
        HarborChart.of(ChartVersion.parse(tag.chart())),
        ValuesMerger.merge(defaults, user),
        user);
  }
}
