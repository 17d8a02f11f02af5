package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.jobs.DbInitReport.Status;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.RealPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** db-init against a real PostgreSQL, with the fixture releases' values. */
class DbInitIT {

  private static final List<String> HARBOR_DATABASES =
      List.of("registry", "clair", "notary_server", "notary_signer");
  private static final DbInit.Login ADMIN =
      new DbInit.Login(RealPostgres.USER, RealPostgres.PASSWORD);

  private static Connection admin() throws Exception {
    return DriverManager.getConnection(
        RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD);
  }

  @BeforeEach
  void noHarborDatabasesYet() throws Exception {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      for (String db : HARBOR_DATABASES) {
        s.execute("DROP DATABASE IF EXISTS " + db);
      }
    }
  }

  private static DbInitPlan plan(String tag) {
    HarborValues values = Fixtures.values(tag, "ha-ok");
    return DbInitPlan.of(values)
        .withServer(Optional.of("127.0.0.1"), Optional.of(RealPostgres.server().getPort()));
  }

  /** database name -> owner/encoding, for the Harbor databases that exist. */
  private static Map<String, String> harborDatabases() throws Exception {
    Map<String, String> found = new LinkedHashMap<>();
    try (Connection c = admin();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT datname, pg_get_userbyid(datdba), pg_encoding_to_char(encoding)"
                    + " FROM pg_database ORDER BY datname")) {
      while (rows.next()) {
        if (HARBOR_DATABASES.contains(rows.getString(1))) {
          found.put(rows.getString(1), rows.getString(2) + "/" + rows.getString(3));
        }
      }
    }
    return found;
  }

  private static List<Status> statuses(DbInitReport report) {
    List<Status> statuses = new ArrayList<>();
    report.databases().forEach(o -> statuses.add(o.status()));
    return statuses;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "v1.3.19, registry clair notary_server notary_signer",
    "v1.10.4, registry notary_server notary_signer",
    "v1.19.1, registry"
  })
  void createsExactlyTheEraSetOwnedByHarborsUserAndIsIdempotent(String tag, String expected)
      throws Exception {
    DbInitReport first = new DbInit(Duration.ofSeconds(30)).run(plan(tag), ADMIN, true);
    assertThat(first.error()).isEmpty();
    assertThat(statuses(first)).containsOnly(Status.CREATED);
    Map<String, String> databases = harborDatabases();
    assertThat(databases.keySet()).containsExactlyInAnyOrder(expected.split(" "));
    assertThat(databases.values()).containsOnly("stolon/UTF8");

    DbInitReport second = new DbInit(Duration.ofSeconds(30)).run(plan(tag), ADMIN, true);
    assertThat(second.succeeded()).isTrue();
    assertThat(statuses(second)).containsOnly(Status.PRESENT);
    assertThat(harborDatabases()).isEqualTo(databases);
  }

  @Test
  void anInterruptedRunConvergesWhenRunAgain() throws Exception {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE clair"); // as if a run stopped after its first database
    }
    DbInitReport report = new DbInit(Duration.ofSeconds(30)).run(plan("v1.3.19"), ADMIN, true);
    assertThat(report.succeeded()).isTrue();
    assertThat(report.databases())
        .extracting(DbInitReport.Outcome::database, DbInitReport.Outcome::status)
        .contains(Tuple.tuple("clair", Status.PRESENT), Tuple.tuple("registry", Status.CREATED));
    assertThat(harborDatabases()).hasSize(4);
  }

  @Test
  void theOwnerCanRunItselfWithItsOwnPassword() throws Exception {
    new DbInit(Duration.ofSeconds(30)).run(plan("v1.19.1"), ADMIN, true); // role stolon exists now
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE registry");
      s.execute("ALTER ROLE stolon CREATEDB");
    }
    DbInitPlan plan = plan("v1.19.1");
    DbInitReport report =
        new DbInit(Duration.ofSeconds(30))
            .run(plan, new DbInit.Login("stolon", plan.ownerPassword().orElseThrow()), false);
    assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
  }

  @Test
  void aStandbyIsRefused() {
    int port = RealPostgres.standby().getPort();
    DbInitPlan plan = plan("v1.19.1").withServer(Optional.of("127.0.0.1"), Optional.of(port));
    DbInitReport report = new DbInit(Duration.ofSeconds(30)).run(plan, ADMIN, true);
    assertThat(report.error())
        .get()
        .asString()
        .contains("is a standby (pg_is_in_recovery() is true)");
    assertThat(report.databases()).isEmpty();
  }

  @Test
  void anUnreachableServerTimesOutInsideTheDeadline() {
    DbInitPlan plan = plan("v1.19.1").withServer(Optional.of("127.0.0.1"), Optional.of(9));
    long start = System.nanoTime();
    DbInitReport report = new DbInit(Duration.ofSeconds(2)).run(plan, ADMIN, true);
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    assertThat(report.error())
        .get()
        .asString()
        .startsWith("PostgreSQL at 127.0.0.1:9 did not answer within 2 s");
    assertThat(seconds).as("bounded by the deadline plus one connect").isLessThan(10);
  }

  @Test
  void aWrongPasswordIsNamedWithoutEchoingIt() {
    DbInitReport report =
        new DbInit(Duration.ofSeconds(30))
            .run(plan("v1.19.1"), new DbInit.Login(RealPostgres.USER, "wrong-password-7311"), true);
    assertThat(report.error())
        .get()
        .asString()
        .contains("refused user guard: wrong password or no access")
        .doesNotContain("wrong-password-7311");
  }

  @Test
  void hostileDatabaseNamesAreRefusedBeforeConnecting() {
    HarborValues hostile =
        Fixtures.values(
            "v1.19.1",
            "ha-ok",
            c ->
                Fixtures.set(
                    c, "database.external.coreDatabase", "registry\"; DROP DATABASE postgres; --"));
    Assertions.assertThatThrownBy(() -> DbInitPlan.of(hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing identifier");
  }

  @Test
  void internalDatabaseIsNotForDbInit() {
    Assertions.assertThatThrownBy(() -> DbInitPlan.of(Fixtures.values("v1.19.1", "v-internal-db")))
        .hasMessageContaining("database.type is \"internal\"");
  }
}
