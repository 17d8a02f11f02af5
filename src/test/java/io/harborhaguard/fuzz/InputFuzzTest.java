package io.harborhaguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.harborhaguard.admission.AdmissionReviews;
import io.harborhaguard.admission.ReleaseReviewer;
import io.harborhaguard.admission.ReviewJsonLimits;
import io.harborhaguard.cli.BadInput;
import io.harborhaguard.cli.LintInput;
import io.harborhaguard.cli.Linter;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.installer.InstallerConfig;
import io.harborhaguard.installer.InstallerFiles;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.replication.ReplicationPair;
import io.harborhaguard.replication.ReplicationSite;
import io.harborhaguard.testing.TestRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Every untrusted input path, fuzzed: each either answers or fails with its own clear error type,
 * never with anything else. In CI these run in regression mode over the seed corpus in
 * src/test/resources/io/harborhaguard/fuzz/InputFuzzTestInputs/ (made from the fixtures, and the
 * crafted records of HostileRecords written by HostileSeeds); a long session: {@code JAZZER_FUZZ=1
 * ./mvnw test -Dtest=InputFuzzTest#releaseRecord}.
 */
class InputFuzzTest {

  private static final ObjectMapper MAPPER = reviewMapper();
  private static final ReleaseDecoder DECODER = new ReleaseDecoder(MAPPER, 4L * 1024 * 1024);
  private static final ReleaseReviewer REVIEWER =
      new ReleaseReviewer(
          DECODER,
          TestRules.engine(),
          PolicySettings.defaults(),
          null,
          ReleaseReviewer.GroupGate.NONE);
  private static final Linter LINTER =
      new Linter(
          TestRules.engine(),
          PolicySettings.defaults(),
          new Linter.ChartSource(Optional.empty(), Optional.empty()),
          false);

  /** The service's mapper for request bodies: Jackson's with the review bounds. */
  private static ObjectMapper reviewMapper() {
    ObjectMapper mapper = new ObjectMapper();
    new ReviewJsonLimits().customize(mapper);
    return mapper;
  }

  /** An AdmissionReview body: a 400 reason, or an answer with the request's uid. */
  @FuzzTest(maxDuration = "10s")
  void admissionReview(byte[] body) {
    AdmissionReviews.Parsed parsed;
    try {
      parsed = AdmissionReviews.parse(MAPPER, body);
    } catch (AdmissionReviews.BadReview e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    AdmissionResponse response = REVIEWER.review(parsed).response();
    assertThat(response.getUid()).isEqualTo(parsed.request().getUid());
    assertThat(response.getAllowed()).isNotNull();
  }

  /** What Helm stores (base64 of gzip or JSON): a release, or a decode error with a reason. */
  @FuzzTest(maxDuration = "10s")
  void releaseRecord(byte[] stored) {
    try {
      assertThat(DECODER.decodeStored(stored, Deadline.after(Duration.ofSeconds(3)))).isNotNull();
    } catch (ReleaseDecodeException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** A lint input file: a result (findings, notes or an error), never an exception. */
  @FuzzTest(maxDuration = "10s")
  void lintInput(byte[] content) {
    try {
      assertThat(LINTER.lint(LintInput.read("fuzz", content))).isNotNull();
    } catch (BadInput e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** An offline installer's harbor.cfg or harbor.yml: a configuration, or an error naming it. */
  @FuzzTest(maxDuration = "10s")
  void installerFile(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    try {
      InstallerConfig config =
          InstallerFiles.looksLikeCfg(text)
              ? InstallerFiles.readCfg("harbor.cfg", text)
              : InstallerFiles.readYml("harbor.yml", text);
      assertThat(config.hostname()).isNotNull();
    } catch (InstallerFiles.NotAnInstallerFile e) {
      assertThat(e.getMessage()).startsWith("harbor.");
    }
  }

  /** A saved API body of a replication site: a site, or an error naming the file. */
  @FuzzTest(maxDuration = "10s")
  void replicationExport(byte[] content) {
    String body = new String(content, StandardCharsets.UTF_8);
    try {
      ReplicationSite site = ReplicationSite.of("fuzz", Optional.empty(), body, "[]", body, "[]");
      new ReplicationPair(site, site).policies(site, site);
    } catch (ReplicationSite.BadExport e) {
      assertThat(e.getMessage()).startsWith("fuzz ");
    }
  }
}
