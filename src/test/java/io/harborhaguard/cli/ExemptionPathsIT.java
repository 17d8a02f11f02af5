package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.harborhaguard.admission.AdmissionReviews;
import io.harborhaguard.admission.ReleaseReviewer;
import io.harborhaguard.admission.ReviewOutcome;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.jobs.PolicyReportScan;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicyProducer;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * One exemption, one clock: the webhook, {@code lint}, {@code post-render} and the audit scan reach
 * the same verdict on the same release before the exemption expires (admitted, the finding reported
 * as exempt) and after (refused again, as without it). The release is the fixture chart 1.19.1 with
 * its internal database, which HA-DB-EXTERNAL refuses: as a record (webhook, lint, the scan's
 * deployed Secret) and as its rendered manifests (post-render).
 */
@EnableKubernetesMockClient(crud = true)
class ExemptionPathsIT {

  static KubernetesClient client;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Fixtures.Case CASE = new Fixtures.Case("v1.19.1", "v-internal-db");
  private static final String KEY =
      "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DB-EXTERNAL\"";
  private static final String REASON = "lab cluster; PostgreSQL operator arrives in January";
  private static Path config;

  @BeforeAll
  static void policy() throws Exception {
    config = Files.createTempFile("exemptions", ".properties");
    Files.writeString(config, KEY + ".reason=" + REASON + "\n" + KEY + ".expires=2026-12-31\n");
    ObjectNode json = Fixtures.releaseJson(CASE);
    ((ObjectNode) json.get("info")).put("status", "deployed");
    client
        .secrets()
        .inNamespace("harbor")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.harbor.v1")
                .withNamespace("harbor")
                .withLabels(
                    Map.of("owner", "helm", "name", "harbor", "status", "deployed", "version", "1"))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Fixtures.secretData(JSON.writeValueAsBytes(json)))
                .build())
        .create();
  }

  private static PolicyEngine engineAt(String instant) {
    return new PolicyEngine(
        RuleCatalog.standard(), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  /** The service's settings from the same properties the offline commands read. */
  private static PolicySettings settings(PolicyEngine engine) throws Exception {
    return PolicyProducer.toSettings(GuardConfigs.file(config, Map.of()), engine);
  }

  private record Verdict(boolean admitted, String shown) {}

  private static Verdict webhook(PolicyEngine engine) throws Exception {
    ObjectNode review =
        Reviews.releaseSecret(
            "harbor",
            "harbor",
            1,
            "pending-install",
            Fixtures.secretData(Fixtures.read(CASE.releaseJson())));
    ReviewOutcome outcome =
        new ReleaseReviewer(
                new ReleaseDecoder(),
                engine,
                settings(engine),
                null,
                ReleaseReviewer.GroupGate.NONE)
            .review(AdmissionReviews.parse(JSON, JSON.writeValueAsBytes(review)));
    var response = outcome.response();
    String shown =
        String.join("\n", response.getWarnings() == null ? List.of() : response.getWarnings())
            + (response.getStatus() == null ? "" : response.getStatus().getMessage());
    return new Verdict(response.getAllowed(), shown);
  }

  private record Run(int exit, String out, String err) {}

  /** A command in this JVM with the engine given, its stdin, stdout and stderr its own. */
  private static synchronized Run run(Object command, byte[] stdin, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(stdin));
    try {
      int exit = new CommandLine(command).execute(args);
      return new Run(
          exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }

  private static Verdict lint(PolicyEngine engine) throws Exception {
    LintCommand lint = new LintCommand();
    lint.engine = engine;
    Run run =
        run(
            lint,
            new byte[0],
            "--config",
            config.toString(),
            "--format",
            "json",
            CASE.releaseJson().toString());
    assertThat(run.exit()).as(run.err()).isIn(0, 1);
    JsonNode report = JSON.readTree(run.out());
    JsonNode db = db(report);
    return new Verdict(
        run.exit() == 0, db.path("mode").asText() + " " + db.path("exemption").toString());
  }

  private static JsonNode db(JsonNode report) {
    for (JsonNode result : report.path("results")) {
      if (result.path("rule").asText().equals("HA-DB-EXTERNAL")) {
        return result;
      }
    }
    throw new AssertionError("no HA-DB-EXTERNAL result in " + report);
  }

  private static Verdict postRender(PolicyEngine engine) {
    PostRenderCommand postRender = new PostRenderCommand();
    postRender.engine = engine;
    Run run =
        run(postRender, Fixtures.read(CASE.file(".manifests.yaml")), "--config", config.toString());
    assertThat(run.exit()).as(run.err()).isIn(0, 1);
    assertThat(run.out().isEmpty())
        .as("manifests written only when admitted")
        .isEqualTo(run.exit() == 1);
    return new Verdict(run.exit() == 0, run.err());
  }

  @SuppressWarnings("unchecked")
  private static Verdict auditScan(PolicyEngine engine) throws Exception {
    new PolicyReportScan(client, engine, settings(engine), Duration.ZERO, new ReleaseDecoder())
        .run();
    GenericKubernetesResource report =
        client
            .genericKubernetesResources(PolicyReportScan.POLICY_REPORT)
            .inNamespace("harbor")
            .withName("harbor-ha-guard")
            .get();
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    Map<String, Object> db =
        results.stream()
            .filter(r -> "HA-DB-EXTERNAL".equals(r.get("rule")))
            .findFirst()
            .orElseThrow();
    boolean refused = results.stream().anyMatch(r -> "fail".equals(r.get("result")));
    return new Verdict(
        !refused, db.get("result") + " " + db.get("message") + " " + db.get("properties"));
  }

  /** When the one clock reads, whether the exemption still holds. */
  @ParameterizedTest(name = "{0}: exempt {1}")
  @CsvSource({"2026-12-31T23:59:59Z, true", "2027-01-01T00:00:00Z, false"})
  void theFourPathsReachOneVerdictBeforeAndAfterTheExpiry(String now, boolean holds)
      throws Exception {
    PolicyEngine engine = engineAt(now);

    Verdict webhook = webhook(engine);
    Verdict lint = lint(engine);
    Verdict postRender = postRender(engine);
    Verdict scan = auditScan(engine);

    assertThat(List.of(webhook, lint, postRender, scan))
        .as("admitted on every path exactly while the exemption holds")
        .allMatch(v -> v.admitted() == holds);
    if (holds) {
      String named = "exempt until 2026-12-31 by " + KEY + ": " + REASON;
      assertThat(webhook.shown()).contains("HA-DB-EXTERNAL: ").contains(named);
      assertThat(lint.shown())
          .startsWith("exempt ")
          .contains("\"reason\":\"" + REASON + "\"")
          .contains("\"expires\":\"2026-12-31\"");
      assertThat(postRender.shown()).contains("HA-DB-EXTERNAL [exempt]").contains(named);
      assertThat(scan.shown())
          .startsWith("skip ")
          .contains(named)
          .contains("exemptionReason=" + REASON)
          .contains("exemptionExpires=2026-12-31");
    } else {
      assertThat(webhook.shown()).contains("HA-DB-EXTERNAL: ").doesNotContain("exempt");
      assertThat(lint.shown()).startsWith("enforce ");
      assertThat(postRender.shown()).contains("HA-DB-EXTERNAL [enforce]").doesNotContain("exempt");
      assertThat(scan.shown()).startsWith("fail ").doesNotContain("exempt");
    }
  }
}
