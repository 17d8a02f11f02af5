package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.policy.rules.DatabaseConnectionsRule;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Postgres15;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HA-DB-CONNECTIONS and db-init's preflight on a real PostgreSQL 15 started with {@code
 * max_connections = 20}: the rule's budget is where the server starts answering SQLSTATE 53300, the
 * preflight reads the same numbers from the server, and a dirty migration stops db-init.
 */
class DbConnectionBudgetIT {

  private static final String HARBOR = "harbor";
  private static final String HARBOR_PASSWORD = "budget-test-pw-5521";
  private static final String TOO_MANY_CONNECTIONS = "53300";
  private static Postgres15 postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres15.start("max_connections = 20");
    postgres.psql("CREATE ROLE " + HARBOR + " LOGIN PASSWORD '" + HARBOR_PASSWORD + "'");
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  /** core 3 + jobservice 3 pods at the chart's 900, on this server. */
  private static HarborValues release() {
    HarborValues values =
        ChartValuesFixtures.values(
            "1.19.1",
            Fixtures.root().resolve("checks/HA-DB-CONNECTIONS/chart-default-pools@1.19.1.yaml"));
    Fixtures.set(values.values(), "database.external.host", "localhost");
    Fixtures.set(values.values(), "database.external.port", String.valueOf(postgres.port()));
    return values;
  }

  private static PolicySettings settings() {
    return new PolicySettings(2, Set.of(), Map.of(), Map.of("localhost", 20));
  }

  private static Connection connectAsHarbor() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", HARBOR);
    p.setProperty("password", HARBOR_PASSWORD);
    p.setProperty("sslmode", "require");
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + postgres.port() + "/postgres", p);
  }

  @Test
  void theServerRefusesTheConnectionRightAfterTheRulesBudget() throws Exception {
    Violation finding =
        new DatabaseConnectionsRule()
            .check(release(), settings()).stream().findFirst().orElseThrow();
    assertThat(finding.message())
        .contains("may open 5400 connections")
        .contains("allows 17 (max_connections 20 from harbor-ha-guard.database-max-connections");
    assertThat(finding.remediation()).startsWith("--set database.maxOpenConns=2 ");

    List<Connection> open = new ArrayList<>();
    try {
      for (int i = 1; i <= 17; i++) {
        open.add(connectAsHarbor()); // the 17 the rule says the server allows
      }
      SQLException refused = catchThrowableOfType(SQLException.class, () -> connectAsHarbor());
      assertThat((Object) refused).as("connection 18 is refused").isNotNull();
      assertThat(refused.getSQLState()).isEqualTo(TOO_MANY_CONNECTIONS);
    } finally {
      for (Connection c : open) {
        c.close();
      }
    }
    // the pools the remediation proposes (6 pods x 2) all get their connections
    List<Connection> fitted = new ArrayList<>();
    try {
      for (int i = 1; i <= 6 * 2; i++) {
        fitted.add(connectAsHarbor());
      }
      assertThat(fitted).hasSize(12);
    } finally {
      for (Connection c : fitted) {
        c.close();
      }
    }
  }

  private static DbInitReport dbInit(String database) {
    var demand = DatabaseConnectionsRule.demand(release());
    DbInitPlan plan =
        new DbInitPlan(
            "localhost",
            postgres.port(),
            new SslMode("require", Optional.empty()),
            new SqlIdentifier(HARBOR),
            Optional.empty(),
            Optional.empty(),
            List.of(new SqlIdentifier(database)));
    return new DbInit(Duration.ofSeconds(10))
        .withPreflight(
            new DbPreflight.Expectation(
                demand.describe(),
                demand.podCount(),
                demand.maxOpenConns(),
                release().chart().version()))
        .run(plan, new DbInit.Login(Postgres15.ADMIN, Postgres15.ADMIN_PASSWORD), false);
  }

  @Test
  void thePreflightReadsTheServersLimitsAndSaysWhereConnectionsFail() {
    DbInitReport report = dbInit("registry_fresh");
    assertThat(report.succeeded()).as(report.toString()).isTrue();
    DbPreflight preflight = report.preflight().orElseThrow();
    assertThat(preflight.maxConnections()).isEqualTo(20);
    assertThat(preflight.superuserReserved()).isEqualTo(3);
    assertThat(preflight.available()).isEqualTo(17);
    assertThat(preflight.serverVersionNum()).isBetween(150000, 159999);
    assertThat(preflight.migration()).isEmpty();
    assertThat(preflight.warnings())
        .singleElement()
        .asString()
        .contains("core 3 + jobservice 3 pods may open 5400 connections")
        .contains("SQLSTATE 53300");
    assertThat(report.toString()).doesNotContain(Postgres15.ADMIN_PASSWORD);
  }

  @Test
  void aDirtyHarborMigrationStopsDbInitAndACleanOneDoesNot() throws Exception {
    postgres.psql("CREATE DATABASE registry_dirty OWNER " + HARBOR);
    postgres.psqlIn(
        "registry_dirty",
        "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT"
            + " NULL); INSERT INTO schema_migrations VALUES (140, true)");

    DbInitReport dirty = dbInit("registry_dirty");
    assertThat(dirty.succeeded()).isFalse();
    assertThat(dirty.error().orElseThrow())
        .contains("schema_migrations of database registry_dirty is marked dirty at version 140");
    assertThat(dirty.preflight().orElseThrow().migration().orElseThrow().dirty()).isTrue();

    postgres.psqlIn("registry_dirty", "UPDATE schema_migrations SET dirty = false");
    DbInitReport clean = dbInit("registry_dirty");
    assertThat(clean.succeeded()).as(clean.toString()).isTrue();
    assertThat(clean.preflight().orElseThrow().migration().orElseThrow().version()).isEqualTo(140);
  }

  @Test
  void harborsFloorFollowsTheChart() {
    assertThat(DbPreflight.floorVersionNum(io.harborhaguard.helm.chart.ChartVersion.of(1, 13, 0)))
        .isEqualTo(120000);
    assertThat(DbPreflight.floorVersionNum(io.harborhaguard.helm.chart.ChartVersion.of(1, 12, 6)))
        .isEqualTo(90600);
  }
}
