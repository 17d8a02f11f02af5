package io.harborhaguard.policy.rules;

import static io.harborhaguard.policy.rules.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HA-DB-CONNECTIONS over values files merged with their chart version's own values. */
class DatabaseConnectionsRuleTest {

  static final Path CASES = Fixtures.root().resolve("checks/HA-DB-CONNECTIONS");
  static final String HOST = "stolon-proxy-service.harbor-db.svc.cluster.local";
  private final DatabaseConnectionsRule rule = new DatabaseConnectionsRule();

  static List<String[]> cases() throws IOException {
    try (Stream<String> lines = Files.lines(CASES.resolve("expected.tsv"))) {
      return lines.filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t")).toList();
    }
  }

  static HarborValues values(String file) {
    String version = file.substring(file.indexOf('@') + 1, file.length() - ".yaml".length());
    return ChartValuesFixtures.values(version, CASES.resolve(file));
  }

  static PolicySettings settings(String maxConnections) {
    return maxConnections.equals("-")
        ? PolicySettings.defaults()
        : new PolicySettings(2, Set.of(), Map.of(), Map.of(HOST, Integer.parseInt(maxConnections)));
  }

  @ParameterizedTest(name = "{0} max_connections={1}")
  @MethodSource("cases")
  void judgesThePoolsAgainstTheServer(String file, String maxConnections, String remediation) {
    List<Violation> found = check(rule, values(file), settings(maxConnections));
    if (remediation.equals("-")) {
      assertThat(found).isEmpty();
      return;
    }
    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              // Charts before 1.2.0 have no database.maxOpenConns to name.
              assertThat(v.valuesKey())
                  .isEqualTo(
                      file.endsWith("@1.1.6.yaml")
                          ? "database.external.host"
                          : "database.maxOpenConns");
              assertThat(v.remediation()).contains(remediation);
              assertThat(v.message())
                  .contains(maxConnections.equals("-") ? "PostgreSQL's default" : "");
            });
  }

  @Test
  void theMessageSaysWhichPodsOpenHowManyAgainstWhat() {
    Violation v = check(rule, values("chart-default-pools@1.19.1.yaml")).get(0);
    assertThat(v.message())
        .isEqualTo(
            "database.maxOpenConns is 900: core 3 + jobservice 3 pods may open 5400 connections to "
                + HOST
                + ":5432, which allows 97 (max_connections 100, PostgreSQL's default: set"
                + " harbor-ha-guard.database-max-connections for this host if it differs, less 3"
                + " superuser_reserved_connections)");
  }

  @Test
  void theFixItProposesFits() {
    // 16 per pod for the 6 pods of chart-default-pools: 96 of 97.
    HarborValues fitted = values("fitted-pools@1.19.1.yaml");
    assertThat(DatabaseConnectionsRule.demand(fitted).connections()).isEqualTo(96);
    assertThat(check(rule, fitted)).isEmpty();
  }

  @Test
  void releasesSharingAHostAreJudgedTogether() {
    List<HarborValues> group =
        List.of(values("shared-host-a@1.19.1.yaml"), values("shared-host-b@1.17.4.yaml"));
    List<Violation> found = rule.acrossReleases(group, PolicySettings.defaults());
    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("2 releases share " + HOST + ":5432");
              assertThat(v.message()).contains("160 connections together");
              assertThat(v.remediation()).startsWith("--set database.maxOpenConns=12 on each");
            });
    var bigger = new PolicySettings(2, Set.of(), Map.of(), Map.of(HOST + ":5432", 200));
    assertThat(rule.acrossReleases(group, bigger)).isEmpty();
    assertThat(rule.acrossReleases(List.of(group.get(0)), PolicySettings.defaults())).isEmpty();
  }

  @Test
  void aValueOfTheWrongTypeIsAFindingNotAnException() {
    HarborValues v =
        ChartValuesFixtures.values("1.19.1", CASES.resolve("chart-default-pools@1.19.1.yaml"));
    Fixtures.set(v.values(), "database.maxOpenConns", "many");
    assertThat(check(rule, v))
        .singleElement()
        .extracting(Violation::message)
        .asString()
        .contains("\"many\", not a number");
  }

  @Test
  void warnsByDefault() {
    assertThat(rule.defaultMode()).isEqualTo(Mode.WARN);
  }
}
