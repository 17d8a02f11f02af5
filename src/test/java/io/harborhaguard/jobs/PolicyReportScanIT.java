package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.LogCapture;
import io.harborhaguard.testing.SecretValues;
import io.harborhaguard.testing.TestRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audit scan against the CRUD mock API server holding fixture releases as Helm stores them. */
@EnableKubernetesMockClient(crud = true)
class PolicyReportScanIT {

  static KubernetesClient client;

  private static void release(
      String namespace, String tag, String caseName, int revision, String status) throws Exception {
    release(namespace, namespace, tag, caseName, revision, status);
  }

  /** A record in a Secret of {@code namespace} whose JSON claims {@code claimed}. */
  private static void release(
      String namespace, String claimed, String tag, String caseName, int revision, String status)
      throws Exception {
    byte[] json = recordJson(claimed, tag, caseName, revision, status);
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withMetadata(recordMetadata(namespace, revision, status))
                .withType("helm.sh/release.v1")
                .addToData("release", Fixtures.secretData(json))
                .build())
        .create();
  }

  /** A record as Helm's ConfigMap driver (HELM_DRIVER=configmap) stores it. */
  private static void configMapRelease(
      String namespace, String tag, String caseName, int revision, String status) throws Exception {
    byte[] json = recordJson(namespace, tag, caseName, revision, status);
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withMetadata(recordMetadata(namespace, revision, status))
                .addToData("release", Fixtures.helmStored(json))
                .build())
        .create();
  }

  private static byte[] recordJson(
      String claimed, String tag, String caseName, int revision, String status) throws Exception {
    ObjectNode json = Fixtures.releaseJson(tag, caseName);
    json.put("namespace", claimed);
    json.put("version", revision);
    ((ObjectNode) json.get("info")).put("status", status);
    return Fixtures.JSON.writeValueAsBytes(json);
  }

  /** The name and labels Helm gives release {@code harbor}'s record of {@code revision}. */
  private static ObjectMeta recordMetadata(String namespace, int revision, String status) {
    return new ObjectMetaBuilder()
        .withName("sh.helm.release.v1.harbor.v" + revision)
        .withNamespace(namespace)
        .withLabels(
            Map.of("owner", "helm", "name", "harbor", "status", status, "version", "" + revision))
        .build();
  }

  private static PolicyReportScan scan() {
    return new PolicyReportScan(
        client,
        TestRules.engine(),
        PolicySettings.defaults(),
        Duration.ofMillis(10),
        new ReleaseDecoder());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(String namespace) {
    GenericKubernetesResource report =
        client
            .genericKubernetesResources(PolicyReportScan.POLICY_REPORT)
            .inNamespace(namespace)
            .withName("harbor-ha-guard")
            .get();
    return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
  }

  @Test
  void reportsDeployedReleasesPerNamespace() throws Exception {
    release("legacy", "v1.3.19", "v-internal-db", 1, "superseded");
    release("legacy", "v1.3.19", "v-internal-db", 2, "deployed");
    release("good", "v1.19.1", "ha-ok", 1, "deployed");
    release("pending", "v1.19.1", "default", 1, "pending-install");

    Map<String, Integer> counts = scan().run();
    assertThat(counts).containsOnlyKeys("good", "legacy");

    List<Map<String, Object>> legacy = results("legacy");
    assertThat(legacy)
        .anySatisfy(
            r -> {
              assertThat(r).containsEntry("rule", "HA-DB-EXTERNAL").containsEntry("result", "fail");
              assertThat(r).containsEntry("category", "Harbor HA: chart values");
              assertThat((Map<String, Object>) r.get("properties"))
                  .containsEntry(
                      "title",
                      TestRules.engine().catalog().require("HA-DB-EXTERNAL").metadata().title());
              assertThat(r.get("message").toString()).contains("database.type is \"internal\"");
              assertThat(r.get("resources").toString()).contains("sh.helm.release.v1.harbor.v2");
            });
    // the fixture's HA value set carries keys of other chart eras, which 1.19.1 ignores, and
    // published example passwords, the chart's pool size against PostgreSQL's default, and
    // 3 replicas without a PodDisruptionBudget or hard spread
    assertThat(results("good"))
        .allSatisfy(
            r ->
                assertThat(r.get("result"))
                    .isEqualTo(
                        Set.of(
                                    "HA-KEY-KNOWN",
                                    "HA-CREDENTIALS-DEFAULT",
                                    "HA-DB-CONNECTIONS",
                                    "HA-DISRUPTION")
                                .contains(r.get("rule"))
                            ? "warn"
                            : "pass"));
    GenericKubernetesResource report =
        client
            .genericKubernetesResources(PolicyReportScan.POLICY_REPORT)
            .inNamespace("legacy")
            .withName("harbor-ha-guard")
            .get();
    assertThat(report.getAdditionalProperties().get("summary").toString()).contains("fail=1");
    SecretValues.assertNoneIn("PolicyReport", report.toString());

    scan().run();
    assertThat(
            client
                .genericKubernetesResources(PolicyReportScan.POLICY_REPORT)
                .inNamespace("legacy")
                .list()
                .getItems())
        .as("re-scans update the one report")
        .hasSize(1);
  }

  /** Helm's ConfigMap driver's records are audited as the Secret driver's are. */
  @Test
  void reportsReleasesOfHelmsConfigMapDriver() throws Exception {
    configMapRelease("cm-driver", "v1.3.19", "v-internal-db", 1, "superseded");
    configMapRelease("cm-driver", "v1.3.19", "v-internal-db", 2, "deployed");

    assertThat(scan().run()).containsEntry("cm-driver", 1);
    assertThat(results("cm-driver"))
        .anySatisfy(
            r -> {
              assertThat(r).containsEntry("rule", "HA-DB-EXTERNAL").containsEntry("result", "fail");
              assertThat(r.get("resources").toString())
                  .contains("kind=ConfigMap")
                  .contains("sh.helm.release.v1.harbor.v2");
            });
  }

  /**
   * A ConfigMap record of a newer revision never stands in for a release the Secret driver holds:
   * ConfigMaps may be writable where Secrets are not.
   */
  @Test
  void aConfigMapNeverStandsInForASecretDriversRelease() throws Exception {
    release("both-drivers", "v1.19.1", "ha-ok", 1, "deployed");
    configMapRelease("both-drivers", "v1.3.19", "v-internal-db", 2, "deployed");

    assertThat(scan().run()).containsEntry("both-drivers", 1);
    assertThat(results("both-drivers"))
        .allSatisfy(
            r -> {
              assertThat(r.get("resources").toString()).contains("kind=Secret");
              assertThat(r.get("properties").toString()).contains("chartVersion=1.19.1");
            })
        .noneSatisfy(r -> assertThat(r.get("result")).isEqualTo("fail"));
  }

  /**
   * A completed scan hands on what it judged (the audit page shows it): per release the findings
   * the PolicyReport reports as fail or warn, with no values.
   */
  @Test
  void aCompletedScanHandsOnItsJudgedReleases() throws Exception {
    release("audited", "v1.19.1", "v-internal-db", 1, "superseded");
    release("audited", "v1.19.1", "v-internal-db", 2, "deployed");
    List<PolicyReportScan.Audit> audits = new java.util.ArrayList<>();
    scan().inNamespaces(List.of("audited")).onAudit(audits::add).run();
    assertThat(audits).hasSize(1);
    assertThat(audits.get(0).releases()).hasSize(1);
    PolicyReportScan.Audited judged = audits.get(0).releases().get(0);
    assertThat(judged.namespace()).isEqualTo("audited");
    assertThat(judged.release()).isEqualTo("harbor");
    assertThat(judged.revision()).isEqualTo(2);
    assertThat(judged.chartVersion()).isEqualTo("1.19.1");
    assertThat(judged.error()).isNull();
    assertThat(judged.findings().stream().filter(f -> f.refuses()).map(f -> f.ruleId()))
        .contains("HA-DB-EXTERNAL");
    assertThat(judged.findings().stream().map(f -> f.ruleId()).distinct())
        .containsExactlyInAnyOrderElementsOf(
            results("audited").stream()
                .filter(r -> !"pass".equals(r.get("result")))
                .map(r -> (String) r.get("rule"))
                .toList());
  }

  /**
   * What a completed scan tells its listener (the metrics' source) is what its PolicyReports say: a
   * failing rule is an enforce finding, a warning a warn one, a passing rule nothing.
   */
  @Test
  void completedScanReportsWhatThePolicyReportsSay() throws Exception {
    release("gauged", "v1.19.1", "v-internal-db", 1, "deployed");
    List<PolicyReportScan.Audit> told = new java.util.ArrayList<>();
    scan().inNamespaces(List.of("gauged")).onAudit(told::add).run();
    assertThat(told).hasSize(1);
    assertThat(told.get(0).releases()).hasSize(1);
    PolicyReportScan.Audited judged = told.get(0).releases().get(0);
    assertThat(judged.namespace()).isEqualTo("gauged");
    assertThat(judged.release()).isEqualTo("harbor");
    Set<String> fromReport = new java.util.TreeSet<>();
    for (Map<String, Object> r : results("gauged")) {
      if (!"pass".equals(r.get("result"))) {
        fromReport.add(r.get("rule") + " " + ("fail".equals(r.get("result")) ? "enforce" : "warn"));
      }
    }
    Set<String> fromListener = new java.util.TreeSet<>();
    judged.counts().keySet().forEach(k -> fromListener.add(k.rule() + " " + k.mode()));
    assertThat(fromListener).contains("HA-DB-EXTERNAL enforce").isEqualTo(fromReport);
  }

  /**
   * The certificate a release serves from the Secret its values name (the ha-ok fixture:
   * expose.tls.certSource secret, harbor-ingress-tls) is read from that Secret's tls.crt; a release
   * whose Secret is missing, or that names none, gets no figure.
   */
  @Test
  void certificatesAreReadFromTheSecretsTheValuesName() throws Exception {
    java.nio.file.Path tls = java.nio.file.Files.createTempDirectory("harbor-tls");
    io.harborhaguard.testing.TlsFiles.write(tls);
    byte[] pem = java.nio.file.Files.readAllBytes(tls.resolve("server.crt"));
    release("certified", "v1.19.1", "ha-ok", 1, "deployed");
    client
        .secrets()
        .inNamespace("certified")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("harbor-ingress-tls")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", java.util.Base64.getEncoder().encodeToString(pem))
                .build())
        .create();
    release("uncertified", "v1.19.1", "ha-ok", 1, "deployed");
    release("generated", "v1.19.1", "v-internal-db", 1, "deployed");
    List<PolicyReportScan.Audit> told = new java.util.ArrayList<>();
    scan().inNamespaces(List.of("certified", "uncertified", "generated")).onAudit(told::add).run();
    Map<String, Map<String, java.time.Instant>> byNamespace = new java.util.TreeMap<>();
    told.get(0).releases().forEach(j -> byNamespace.put(j.namespace(), j.certificates()));
    java.time.Instant notAfter =
        ((java.security.cert.X509Certificate)
                java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem)))
            .getNotAfter()
            .toInstant();
    assertThat(byNamespace)
        .containsEntry("certified", Map.of("expose", notAfter))
        .containsEntry("uncertified", Map.of())
        .containsEntry("generated", Map.of());
  }

  /**
   * Certificates the chart signed itself (certSource auto, internalTLS enabled): the scan reads
   * them from the Secrets the chart names after the release, here the real TLS Secrets of a render
   * of chart 1.19.1 with internal TLS, and labels them by kind, not by Secret name.
   */
  @Test
  void chartGeneratedAndInternalCertificatesAreReadFromTheSecretsTheChartNames() throws Exception {
    java.nio.file.Path cases = Fixtures.root().resolve("checks/HA-CERT-PER-RENDER");
    ObjectNode json = Fixtures.releaseJson("v1.19.1", "default");
    json.set(
        "config",
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(cases.resolve("internal-auto@1.19.1.yaml").toFile()));
    json.put("namespace", "autotls");
    json.put("version", 1);
    ((ObjectNode) json.get("info")).put("status", "deployed");
    client
        .secrets()
        .inNamespace("autotls")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.harbor.v1")
                .withNamespace("autotls")
                .withLabels(
                    Map.of("owner", "helm", "name", "harbor", "status", "deployed", "version", "1"))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(json)))
                .build())
        .create();
    Map<String, java.time.Instant> expected = new java.util.TreeMap<>();
    try (var in =
        java.nio.file.Files.newInputStream(
            cases.resolve("internal-auto@1.19.1.tls-secrets.yaml"))) {
      for (var object : client.load(in).items()) {
        io.fabric8.kubernetes.api.model.Secret secret =
            (io.fabric8.kubernetes.api.model.Secret) object;
        secret.getMetadata().setNamespace("autotls");
        client.secrets().inNamespace("autotls").resource(secret).create();
        String name = secret.getMetadata().getName();
        String label =
            name.equals("harbor-ingress")
                ? "expose"
                : "internal-" + name.substring("harbor-".length(), name.indexOf("-internal-tls"));
        java.time.Instant end = null;
        for (String key :
            label.equals("expose") ? List.of("tls.crt") : List.of("tls.crt", "ca.crt")) {
          java.time.Instant notAfter =
              ((java.security.cert.X509Certificate)
                      java.security.cert.CertificateFactory.getInstance("X.509")
                          .generateCertificate(
                              new java.io.ByteArrayInputStream(
                                  java.util.Base64.getDecoder().decode(secret.getData().get(key)))))
                  .getNotAfter()
                  .toInstant();
          end = end == null || notAfter.isBefore(end) ? notAfter : end;
        }
        expected.put(label, end);
      }
    }
    List<PolicyReportScan.Audit> told = new java.util.ArrayList<>();
    scan().inNamespaces(List.of("autotls")).onAudit(told::add).run();

    assertThat(told.get(0).releases())
        .singleElement()
        .satisfies(
            audited ->
                assertThat(audited.certificates())
                    .containsOnlyKeys(
                        "expose",
                        "internal-core",
                        "internal-jobservice",
                        "internal-registry",
                        "internal-portal",
                        "internal-trivy")
                    .isEqualTo(expected));
  }

  /** With the namespaced RBAC the scan lists release records only where it may read them. */
  @Test
  void readsOnlyTheWatchedNamespaces() throws Exception {
    release("watched", "v1.19.1", "v-internal-db", 1, "deployed");
    release("elsewhere", "v1.19.1", "v-internal-db", 1, "deployed");
    Map<String, Integer> counts = scan().inNamespaces(List.of("watched")).run();
    assertThat(counts).containsOnlyKeys("watched");
  }

  /** A record claiming another namespace reports nowhere; the newest is the decoded revision. */
  @Test
  void forgedRecordsAreNotReportedAndReportsStayInTheSecretsNamespace() throws Exception {
    release("tenant", "kube-system", "v1.19.1", "v-internal-db", 1, "deployed");
    release("tenant2", "v1.19.1", "v-internal-db", 1, "deployed");
    Map<String, Integer> counts = scan().inNamespaces(List.of("tenant", "tenant2")).run();
    assertThat(counts).containsOnlyKeys("tenant2");
    assertThat(
            client
                .genericKubernetesResources(PolicyReportScan.POLICY_REPORT)
                .inNamespace("kube-system")
                .withName("harbor-ha-guard")
                .get())
        .isNull();
  }

  /**
   * A record that cannot be read costs one log line, however many scans pass over it; another
   * chart's record (read only to its metadata) costs none.
   */
  @Test
  void anUnreadableRecordIsLoggedOnceAcrossScans() throws Exception {
    release("scan-bad", "v1.19.1", "ha-ok", 1, "deployed");
    client
        .secrets()
        .inNamespace("scan-bad")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.junk.v1")
                .withLabels(
                    Map.of("owner", "helm", "name", "junk", "status", "deployed", "version", "1"))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Fixtures.base64("not a record".getBytes()))
                .build())
        .create();
    ObjectNode other = Fixtures.releaseJson("v1.19.1", "ha-ok");
    Fixtures.asOtherChart(other);
    other.put("name", "web").put("version", 3).put("namespace", "scan-bad");
    client
        .secrets()
        .inNamespace("scan-bad")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.web.v3")
                .withLabels(
                    Map.of("owner", "helm", "name", "web", "status", "deployed", "version", "3"))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(other)))
                .build())
        .create();
    PolicyReportScan scan = scan().inNamespaces(List.of("scan-bad"));
    LogCapture log = LogCapture.install();
    try {
      assertThat(scan.run()).containsEntry("scan-bad", 1);
      assertThat(scan.run()).containsEntry("scan-bad", 1);
      assertThat(log.lines().stream().filter(line -> line.contains("junk.v1"))).hasSize(1);
      assertThat(log.lines())
          .as("another chart's record is no warning")
          .noneMatch(line -> line.contains("web.v3"));
    } finally {
      log.uninstall();
    }
  }
}
