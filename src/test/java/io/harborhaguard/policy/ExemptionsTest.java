package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Verdicts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exemptions in the policy: each bad one is refused naming its key; a good one accepts a release's
 * findings of its rule until it expires, over the fixtures' real releases.
 */
class ExemptionsTest {

  private static final String KEY =
      "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DB-EXTERNAL\"";

  private static PolicyEngine engineAt(String instant) {
    return new PolicyEngine(
        RuleCatalog.standard(), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  private static PolicySettings settings(Map<String, String> properties) {
    return PolicyProducer.toSettings(GuardConfigs.of(properties), engineAt("2026-01-01T00:00:00Z"));
  }

  private static Map<String, String> exemption(String prefix, String reason, String expires) {
    Map<String, String> properties = new HashMap<>();
    if (reason != null) {
      properties.put(prefix + ".reason", reason);
    }
    if (expires != null) {
      properties.put(prefix + ".expires", expires);
    }
    return properties;
  }

  private static final String H = "harbor-ha-guard.exemption.\"harbor/harbor\".";

  /** key, reason and expires (empty: left out), the message it is refused with. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          exemption."harbor/harbor"."HA-DB-EXTERNAL"         |      | 2026-12-31          | H"HA-DB-EXTERNAL".reason: missing; an exemption says why it is granted
          exemption."harbor/harbor"."HA-DB-EXTERNAL"         | lab  |                     | H"HA-DB-EXTERNAL".expires: expiry missing (expected an ISO date
          exemption."harbor/harbor"."HA-DB-EXTERNAL"         | lab  | next week           | H"HA-DB-EXTERNAL".expires: expiry 'next week' cannot be read
          exemption."harbor/harbor"."HA-DB-EXTERNAL"         | lab  | 2026-02-30          | H"HA-DB-EXTERNAL".expires: expiry '2026-02-30' cannot be read
          exemption."harbor/harbor"."HA-DB-EXTERNAL"         | lab  | 2026-12-31T18:00:00 | H"HA-DB-EXTERNAL".expires: expiry '2026-12-31T18:00:00' cannot be read
          exemption."harbor/harbor"."HA-TYPO"                | lab  | 2026-12-31          | H"HA-TYPO": no rule has this id
          exemption."harbor/harbor"."HA-RELEASE-READABLE"    | lab  | 2026-12-31          | H"HA-RELEASE-READABLE": HA-RELEASE-READABLE can never be exempted
          exemption."harbor/harbor"."HA-CREDENTIALS-DEFAULT" | lab  | 2026-12-31          | H"HA-CREDENTIALS-DEFAULT": HA-CREDENTIALS-DEFAULT can never be exempted
          exemption."harbor/harbor"."HA-GROUP-CONSISTENT"    | lab  | 2026-12-31          | H"HA-GROUP-CONSISTENT": HA-GROUP-CONSISTENT can never be exempted
          exemption."harbor/harbor"."HA-NODE-DB-EXTERNAL"    | lab  | 2026-12-31          | H"HA-NODE-DB-EXTERNAL": HA-NODE-DB-EXTERNAL judges installer nodes, not Harbor releases
          exemption."harbor"."HA-DB-EXTERNAL"                | lab  | 2026-12-31          | harbor-ha-guard.exemption."harbor": expected "<namespace>/<release>"
          exemption."harbor/*"."HA-DB-EXTERNAL"              | lab  | 2026-12-31          | harbor-ha-guard.exemption."harbor/*": expected "<namespace>/<release>"
          group-exemption."prod"."HA-DB-EXTERNAL"            | lab  | 2026-12-31          | harbor-ha-guard.group-exemption."prod": no HA group of this name is configured
          """)
  void aBadExemptionIsRefusedNamingItsKey(
      String key, String reason, String expires, String message) {
    Map<String, String> properties = exemption("harbor-ha-guard." + key, reason, expires);
    assertThatThrownBy(() -> settings(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message.replace("H\"", H + "\""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2026-12-31, 2027-01-01T00:00:00Z",
    "2026-12-31T18:00:00Z, 2026-12-31T18:00:00Z",
    "2026-12-31T18:00:00+01:00, 2026-12-31T17:00:00Z",
  })
  void anExpiryIsADateHeldThroughItsDayInUtcOrADateTimeWithItsOffset(String text, String end) {
    assertThat(Exemption.parseExpiry(text)).isEqualTo(Instant.parse(end));
  }

  private static Report judged(PolicyEngine engine, PolicySettings settings) {
    HarborValues values = Fixtures.values("v1.19.1", "v-internal-db");
    return engine.exempt(engine.evaluate(values, settings), settings);
  }

  /** When the clock reads, whether HA-DB-EXTERNAL still refuses the release. */
  @ParameterizedTest(name = "{0}: refuses {1}")
  @CsvSource({
    "2026-06-01T00:00:00Z, false",
    "2026-12-31T23:59:59Z, false",
    "2027-01-01T00:00:00Z, true",
    "2027-06-01T00:00:00Z, true",
  })
  void anExemptionAcceptsItsRulesFindingsUntilItExpires(String now, boolean refuses) {
    PolicySettings settings = settings(exemption(KEY, "lab cluster until March", "2026-12-31"));
    Report report = judged(engineAt(now), settings);

    Finding db =
        report.findings().stream()
            .filter(f -> f.ruleId().equals("HA-DB-EXTERNAL"))
            .findFirst()
            .orElseThrow();
    assertThat(db.refuses()).isEqualTo(refuses);
    assertThat(report.allowed()).isEqualTo(!refuses);
    assertThat(db.exempted()).isEqualTo(!refuses);
    if (!refuses) {
      assertThat(FindingFormat.modeLabel(db)).isEqualTo("exempt");
      assertThat(FindingFormat.line(db))
          .contains("(exempt until 2026-12-31 by " + KEY + ": lab cluster until March)");
      assertThat(report.warnings()).contains(db);
    }
    // the fixture's other findings are not this exemption's
    List<Finding> others =
        report.findings().stream().filter(f -> !f.ruleId().equals("HA-DB-EXTERNAL")).toList();
    assertThat(others).noneMatch(Finding::exempted);
    assertThat(others.stream().map(Finding::ruleId).distinct())
        .containsExactlyInAnyOrderElementsOf(
            Verdicts.expected(new Fixtures.Case("v1.19.1", "v-internal-db")).warnedBy());
  }

  @Test
  void anExemptionOfAnotherReleaseOrRuleLeavesTheFindingStanding() {
    Map<String, String> properties =
        new HashMap<>(
            exemption(
                "harbor-ha-guard.exemption.\"other/harbor\".\"HA-DB-EXTERNAL\"",
                "other namespace",
                "2026-12-31"));
    properties.putAll(
        exemption(
            "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-REPLICAS\"",
            "another rule",
            "2026-12-31"));
    Report report = judged(engineAt("2026-06-01T00:00:00Z"), settings(properties));
    assertThat(report.allowed()).isFalse();
    assertThat(report.findings()).noneMatch(Finding::exempted);
  }

  @Test
  void aGroupExemptionCoversEveryReleaseOfTheGroupsNamespaces() {
    Map<String, String> properties =
        new HashMap<>(
            exemption(
                "harbor-ha-guard.group-exemption.\"prod\".\"HA-DB-EXTERNAL\"",
                "database moves to the shared cluster in Q1",
                "2026-12-31T18:00:00Z"));
    properties.put("harbor-ha-guard.ha-group.\"prod\".namespaces", "dc1,harbor");
    PolicySettings settings = settings(properties);
    assertThat(settings.exemptions())
        .extracting(Exemption::release)
        .containsExactly("dc1/*", "harbor/*");
    assertThat(judged(engineAt("2026-12-31T17:59:59Z"), settings).allowed()).isTrue();
    assertThat(judged(engineAt("2026-12-31T18:00:00Z"), settings).allowed()).isFalse();
  }

  @Test
  void aNeverExemptibleRulesFindingStaysWhateverIsDeclared() {
    Exemption declared =
        new Exemption(
            "harbor/harbor",
            "HA-CREDENTIALS-DEFAULT",
            "declared around the configuration's check",
            Instant.parse("2027-01-01T00:00:00Z"),
            "2026-12-31",
            "test");
    PolicyEngine engine = engineAt("2026-06-01T00:00:00Z");
    PolicySettings settings = PolicySettings.defaults().withExemptions(List.of(declared));
    Report report = judged(engine, settings);
    assertThat(report.findings())
        .filteredOn(f -> f.ruleId().equals("HA-CREDENTIALS-DEFAULT"))
        .isNotEmpty()
        .noneMatch(Finding::exempted);
  }

  @Test
  void theCatalogueMarksTheRulesThatCanNeverBeExempted() {
    assertThat(RuleCatalog.standard().all())
        .filteredOn(r -> !r.metadata().exemptible())
        .extracting(Rule::id)
        .containsExactlyInAnyOrder(
            "HA-CREDENTIALS-DEFAULT", "HA-GROUP-CONSISTENT", "HA-RELEASE-READABLE");
  }
}
