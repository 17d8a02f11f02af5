package io.harborhaguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Chromium;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.ReadmeImages;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TlsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end: the packaged guard (bin/harbor-ha-guard serve) serves a certificate that expires in
 * two days and audits a deployed Harbor release that is not HA (its API: the CRUD mock API server);
 * a real Prometheus (Debian's) on loopback scrapes /q/metrics over TLS, trusting only the CA, and
 * evaluates the chart's rules as Helm renders them, each {@code for} shortened and the expressions
 * unchanged. A refusal, the certificate and the audited release make their alerts fire, read from
 * /api/v1/alerts; every query of the chart's dashboard returns a series, and every metric it names
 * is in /q/metrics.
 */
@Tag("packaged")
@EnableKubernetesMockClient(crud = true)
class MonitoringPackagedIT {

  static KubernetesClient client;

  private static Path dir;
  private static Process guard;
  private static Process prometheus;
  private static int guardPort;
  private static int prometheusPort;
  private static HttpClient https;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String shippedRules;

  /** When Prometheus first had the guard's series. */
  private static long started;

  /** An exemption of the policy that ends in three days: its alert fires, its panel shows it. */
  static final String EXEMPTION = "harbor-ha-guard.exemption.\"lab/harbor\".\"HA-REPLICAS\"";

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("monitoring");
    TlsFiles.write(dir);
    https = HttpClient.newBuilder().sslContext(trusting(dir.resolve("ca.crt"))).build();
    deployedRelease("harbor", new Fixtures.Case("v1.19.1", "v-internal-db"));
    // a release that serves the same short-lived certificate from the Secret its values name
    deployedRelease("harbor-ok", new Fixtures.Case("v1.19.1", "ha-ok"));
    client
        .secrets()
        .inNamespace("harbor-ok")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("harbor-ingress-tls")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData(
                    "tls.crt",
                    java.util.Base64.getEncoder()
                        .encodeToString(Files.readAllBytes(dir.resolve("server.crt"))))
                .build())
        .create();
    guardPort = Ports.freePort();
    guard =
        Commands.start(
            List.of(
                Launch.LAUNCHER.toString(),
                "serve",
                "-Dquarkus.http.ssl-port=" + guardPort,
                "-Dharbor-ha-guard.tls.generate=false",
                "-Dquarkus.tls.key-store.pem.serving.cert=" + dir.resolve("server.crt"),
                "-Dquarkus.tls.key-store.pem.serving.key=" + dir.resolve("server.key"),
                "-Dquarkus.kubernetes-client.api-server-url=" + client.getMasterUrl(),
                "-Dquarkus.kubernetes-client.trust-certs=true",
                "-Dquarkus.kubernetes-client.namespace=harbor-ha-guard",
                "-Dharbor-ha-guard.jobs.trigger=false",
                "-Dharbor-ha-guard.audit.interval=2s",
                "-Dharbor-ha-guard.audit.pause=0s",
                "-D" + EXEMPTION + ".reason=one node until the lab's second host arrives",
                "-D"
                    + EXEMPTION
                    + ".expires="
                    + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                        .plusDays(3)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
            dir.resolve("guard.log"),
            Map.of(),
            Launch.HOME);
    await(
        "the guard is ready",
        () -> status(https, guardUri("/q/health/ready")) == 200,
        () -> Files.readString(dir.resolve("guard.log")));

    shippedRules = MonitoringChart.ruleFile("3");
    Files.writeString(
        dir.resolve("rules.yaml"), MonitoringChart.withShortHolds(shippedRules, "0s"));
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: [rules.yaml]
        scrape_configs:
          - job_name: harbor-ha-guard
            scheme: https
            metrics_path: /q/metrics
            tls_config:
              ca_file: ca.crt
              server_name: localhost
            static_configs:
              - targets: ['127.0.0.1:%d']
                labels: {namespace: %s}
        """
            .formatted(guardPort, MonitoringChart.NAMESPACE));
    prometheusPort = Ports.freePort();
    prometheus =
        Commands.start(
            List.of(
                MonitoringChart.prometheus(),
                "--config.file=prometheus.yml",
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort),
            dir.resolve("prometheus.log"),
            Map.of(),
            dir);
    await(
        "Prometheus scrapes the guard over TLS",
        () ->
            !query("up{job=\"harbor-ha-guard\"} == 1").isEmpty()
                && !query(
                        "harbor_ha_guard_findings_total{rule=\"HA-DB-EXTERNAL\",mode=\"enforce\"}")
                    .isEmpty(),
        () -> Files.readString(dir.resolve("prometheus.log")));
    // the drawn panels span the time Prometheus has the guard's series
    started = java.time.Instant.now().getEpochSecond() - 5;
    // the counters were scraped at zero first, so the refusal is an increase
    HttpResponse<String> refused =
        https.send(
            HttpRequest.newBuilder(guardUri("/validate"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        Fixtures.JSON.writeValueAsBytes(
                            Reviews.forCaseIn(
                                "team-a", new Fixtures.Case("v1.19.1", "v-internal-db")))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(Fixtures.JSON.readTree(refused.body()).at("/response/allowed").asBoolean())
        .as(refused.body())
        .isFalse(); // and a release the exemption admits, with its warning
    HttpResponse<String> exempted =
        https.send(
            HttpRequest.newBuilder(guardUri("/validate"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        Fixtures.JSON.writeValueAsBytes(
                            Reviews.forCaseIn("lab", new Fixtures.Case("v1.19.1", "v-replicas")))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = Fixtures.JSON.readTree(exempted.body()).path("response");
    assertThat(answer.path("allowed").asBoolean()).as(exempted.body()).isTrue();
    assertThat(answer.path("warnings").toString()).contains("(exempt until ");
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : new Process[] {prometheus, guard}) {
      if (p != null) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void refusalCertificateAndAuditedReleaseFireTheirAlerts() throws Exception {
    List<String> wanted =
        List.of(
            "HarborHaGuardRefusedRelease",
            "HarborHaGuardCertificateExpiring",
            "HarborCertificateExpiring",
            "HarborReleaseEnforceFindings",
            "HarborHaGuardExemptionExpiring");
    await(
        "alerts firing: " + wanted,
        () -> firing().keySet().containsAll(wanted),
        () -> "firing: " + firing() + "\n" + Files.readString(dir.resolve("guard.log")));
    Map<String, List<JsonNode>> firing = firing();
    assertThat(firing.get("HarborHaGuardRefusedRelease"))
        .extracting(a -> a.at("/labels/rule").asText())
        .containsExactly("HA-DB-EXTERNAL");
    assertThat(firing.get("HarborReleaseEnforceFindings"))
        .extracting(
            a ->
                a.at("/labels/release_namespace").asText()
                    + "/"
                    + a.at("/labels/release").asText()
                    + " "
                    + a.at("/labels/rule").asText())
        .contains("harbor/harbor HA-DB-EXTERNAL")
        .noneMatch(a -> a.startsWith("harbor-ok/"));
    JsonNode certificate = firing.get("HarborHaGuardCertificateExpiring").get(0);
    assertThat(certificate.at("/labels/instance").asText()).isEqualTo("127.0.0.1:" + guardPort);
    // the served certificate's own end of validity, two days from its making
    long notAfter = notAfter(dir.resolve("server.crt"));
    double left = Double.parseDouble(certificate.path("value").asText());
    assertThat(notAfter - System.currentTimeMillis() / 1000.0 - left).isBetween(-120.0, 120.0);
    assertThat(firing.get("HarborCertificateExpiring"))
        .extracting(
            a ->
                a.at("/labels/release_namespace").asText()
                    + "/"
                    + a.at("/labels/release").asText()
                    + " "
                    + a.at("/labels/certificate").asText())
        .containsExactly("harbor-ok/harbor expose");
    assertThat(firing.get("HarborHaGuardExemptionExpiring"))
        .extracting(a -> a.at("/labels/exemption").asText() + " " + a.at("/labels/rule").asText())
        .containsExactly("lab/harbor HA-REPLICAS");
    // protection is in place: the guard is scraped and its audit scan is current
    assertThat(firing).doesNotContainKeys("HarborHaGuardDown", "HarborHaGuardAuditScanStale");
    // the shipped expressions are the ones evaluated
    JsonNode evaluated = Manifests.YAML.readTree(Files.readString(dir.resolve("rules.yaml")));
    JsonNode shipped = Manifests.YAML.readTree(shippedRules);
    for (int g = 0; g < shipped.path("groups").size(); g++) {
      for (int r = 0; r < shipped.path("groups").get(g).path("rules").size(); r++) {
        assertThat(evaluated.path("groups").get(g).path("rules").get(r).path("expr"))
            .isEqualTo(shipped.path("groups").get(g).path("rules").get(r).path("expr"));
      }
    }
  }

  @Test
  void everyDashboardQueryReturnsASeriesOfMetricsTheGuardServes() throws Exception {
    JsonNode dashboard = MonitoringChart.dashboard("4");
    List<String> queries = MonitoringChart.queries(dashboard);
    assertThat(queries).hasSizeGreaterThan(10);
    // the audit scan has reported and the refusal was scraped
    await(
        "the refusal and the audit scan in Prometheus",
        () ->
            !query("harbor_ha_guard_audit_findings").isEmpty()
                && !query("harbor_ha_guard_audit_certificate_expiry_timestamp_seconds").isEmpty()
                && !query("increase(harbor_ha_guard_findings_total{mode=\"enforce\"}[1m]) > 0")
                    .isEmpty(),
        () -> Files.readString(dir.resolve("guard.log")) + body(https, guardUri("/q/metrics")));
    // a rate needs two scrapes of a series born with the refusal: asked until all answer
    List<String> empty = new ArrayList<>(queries);
    try {
      org.awaitility.Awaitility.await("every dashboard query returns a series")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                for (java.util.Iterator<String> it = empty.iterator(); it.hasNext(); ) {
                  if (!query(MonitoringChart.expanded(it.next())).isEmpty()) {
                    it.remove();
                  }
                }
                return empty.isEmpty();
              });
    } catch (org.awaitility.core.ConditionTimeoutException stillEmpty) {
      // the assertion below names the queries
    }
    assertThat(empty).as("dashboard queries that return no series").isEmpty();
    writePanels(dashboard);
    drawPanels(dashboard);

    Set<String> served = new TreeSet<>();
    for (String line : body(https, guardUri("/q/metrics")).split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        served.add(line.split("[{ ]", 2)[0]);
      }
    }
    Set<String> named = new TreeSet<>();
    queries.forEach(q -> named.addAll(MonitoringChart.metricNames(q)));
    assertThat(named).isNotEmpty();
    assertThat(served).containsAll(named);
    // and the panels show what happened: two releases judged, one with enforce findings
    assertThat(query("max(harbor_ha_guard_audit_releases)").get(0).at("/value/1").asText())
        .isEqualTo("2");
    assertThat(
            query(
                    "count(max by (release_namespace, release)"
                        + " (harbor_ha_guard_audit_findings{mode=\"enforce\"}) > 0)")
                .get(0)
                .at("/value/1")
                .asText())
        .isEqualTo("1");
  }

  /**
   * The dashboard's panels as data (Grafana does not run here): each panel's title, query and the
   * series Prometheus answered, in target/monitoring/dashboard-panels.md.
   */
  private static void writePanels(JsonNode dashboard) throws Exception {
    StringBuilder md = new StringBuilder("# harbor-ha-guard dashboard, as data\n");
    for (JsonNode panel : dashboard.path("panels")) {
      md.append("\n## ").append(panel.path("title").asText()).append("\n");
      for (JsonNode target : panel.path("targets")) {
        md.append("\n`").append(target.path("expr").asText()).append("`\n\n");
        for (JsonNode series : query(MonitoringChart.expanded(target.path("expr").asText()))) {
          md.append("- ")
              .append(series.path("metric"))
              .append(": ")
              .append(series.at("/value/1").asText())
              .append("\n");
        }
      }
    }
    Path out = Launch.HOME.resolve("target/monitoring/dashboard-panels.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
  }

  /**
   * The panels drawn from the same answers (PanelsPage) and photographed by Chromium:
   * target/monitoring/dashboard-panels.png, and docs/images/ with {@code
   * -Dreadme.images.write=true} (bin/readme-images).
   */
  private static void drawPanels(JsonNode dashboard) throws Exception {
    Path html = Launch.HOME.resolve("target/monitoring/dashboard-panels.html");
    Files.writeString(
        html,
        PanelsPage.html(
            dashboard,
            new PanelsPage.Prometheus() {
              @Override
              public List<JsonNode> instant(String promql) throws Exception {
                return query(promql);
              }

              @Override
              public List<JsonNode> range(String promql, long start, long end, long step)
                  throws Exception {
                return queryRange(promql, start, end, step);
              }
            },
            started,
            java.time.Instant.now().getEpochSecond()));
    try (Chromium chromium = Chromium.start()) {
      assertThat(chromium.open(html.toUri().toString())).as("console errors").isEmpty();
      Path png =
          Files.copy(
              chromium.screenshot("dashboard-panels.png"),
              Launch.HOME.resolve("target/monitoring/dashboard-panels.png"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      ReadmeImages.keep(png, "dashboard-panels.png");
    }
  }

  private static List<JsonNode> queryRange(String promql, long start, long end, long step)
      throws Exception {
    JsonNode answer =
        Fixtures.JSON.readTree(
            body(
                HTTP,
                URI.create(
                    "http://127.0.0.1:"
                        + prometheusPort
                        + "/api/v1/query_range?query="
                        + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                        + "&start="
                        + start
                        + "&end="
                        + end
                        + "&step="
                        + step)));
    assertThat(answer.path("status").asText()).as(promql + ": " + answer).isEqualTo("success");
    List<JsonNode> series = new ArrayList<>();
    answer.at("/data/result").forEach(series::add);
    return series;
  }

  // --- helpers

  private static void deployedRelease(String namespace, Fixtures.Case c) throws Exception {
    ObjectNode json = Fixtures.releaseJson(c);
    json.put("namespace", namespace);
    json.put("version", 1);
    ((ObjectNode) json.get("info")).put("status", "deployed");
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1." + json.path("name").asText() + ".v1")
                .withNamespace(namespace)
                .withLabels(
                    Map.of(
                        "owner", "helm",
                        "name", json.path("name").asText(),
                        "status", "deployed",
                        "version", "1"))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(json)))
                .build())
        .create();
  }

  private static URI guardUri(String path) {
    return URI.create("https://localhost:" + guardPort + path);
  }

  /** The alerts Prometheus has firing, by name. */
  private static Map<String, List<JsonNode>> firing() throws Exception {
    JsonNode alerts =
        Fixtures.JSON.readTree(
            body(HTTP, URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/alerts")));
    Map<String, List<JsonNode>> byName = new java.util.TreeMap<>();
    for (JsonNode alert : alerts.at("/data/alerts")) {
      if ("firing".equals(alert.path("state").asText())) {
        byName
            .computeIfAbsent(alert.at("/labels/alertname").asText(), k -> new ArrayList<>())
            .add(alert);
      }
    }
    return byName;
  }

  /** The series of an instant query. */
  private static List<JsonNode> query(String promql) throws Exception {
    JsonNode answer =
        Fixtures.JSON.readTree(
            body(
                HTTP,
                URI.create(
                    "http://127.0.0.1:"
                        + prometheusPort
                        + "/api/v1/query?query="
                        + URLEncoder.encode(promql, StandardCharsets.UTF_8))));
    assertThat(answer.path("status").asText()).as(promql + ": " + answer).isEqualTo("success");
    List<JsonNode> series = new ArrayList<>();
    answer.at("/data/result").forEach(series::add);
    return series;
  }

  private static String body(HttpClient client, URI uri) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private static int status(HttpClient client, URI uri) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException | InterruptedException e) {
      return 0;
    }
  }

  interface Check {
    boolean holds() throws Exception;
  }

  interface Detail {
    String get() throws Exception;
  }

  /** Waits up to 90 s for a condition; the failure names it and shows the detail. */
  private static void await(String what, Check check, Detail detail) throws Exception {
    try {
      org.awaitility.Awaitility.await(what)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          // not answering yet
          .ignoreExceptionsMatching(e -> e instanceof IOException || e instanceof AssertionError)
          .until(check::holds);
    } catch (org.awaitility.core.ConditionTimeoutException timedOut) {
      throw new AssertionError("timed out waiting until " + what + "\n" + detail.get(), timedOut);
    }
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(caFile)) {
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static long notAfter(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
          .getNotAfter()
          .toInstant()
          .getEpochSecond();
    }
  }
}
