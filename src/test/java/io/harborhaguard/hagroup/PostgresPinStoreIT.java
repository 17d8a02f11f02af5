package io.harborhaguard.hagroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harborhaguard.testing.Postgres15;
import io.harborhaguard.testing.RealPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store against a real server. */
class PostgresPinStoreIT extends PinStoreContract {

  @Override
  PinStore store() {
    return new PostgresPinStore(
        RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD, 5, true);
  }

  @Override
  String dump() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c =
            DriverManager.getConnection(
                RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD);
        ResultSet rows =
            c.createStatement().executeQuery("SELECT * FROM harbor_ha_guard_group_pin")) {
      while (rows.next()) {
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          out.append(rows.getString(i)).append(' ');
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** A table created before the shared keys: no shared_sha256 column, rows of that shape. */
  @Test
  void aTableOfTheOldShapeIsMigratedAndItsPinsRead() throws Exception {
    try (Connection c =
        DriverManager.getConnection(
            RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD)) {
      var sql = c.createStatement();
      sql.execute("DROP SCHEMA IF EXISTS old_shape CASCADE");
      sql.execute("CREATE SCHEMA old_shape");
      sql.execute(
          "CREATE TABLE old_shape.harbor_ha_guard_group_pin (group_name text PRIMARY KEY,"
              + " token_key_sha256 text, xsrf_key_sha256 text, pinned_by text NOT NULL,"
              + " pinned_at timestamptz NOT NULL, repin_token text, repinned_by text)");
      sql.execute(
          "INSERT INTO old_shape.harbor_ha_guard_group_pin VALUES ('prod', '"
              + "a".repeat(64)
              + "', '"
              + "b".repeat(64)
              + "', 'dc1/harbor', '2026-01-02T03:04:05Z', NULL, NULL)");
    }
    PinStore old =
        new PostgresPinStore(
            RealPostgres.jdbcUrl() + "?currentSchema=old_shape",
            RealPostgres.USER,
            RealPostgres.PASSWORD,
            5,
            true);

    HaGroupPin read = old.find("prod").orElseThrow();
    assertThat(read.tokenKeySha256()).isEqualTo("a".repeat(64));
    assertThat(read.shared()).isEmpty();
    HaGroupPin completed = old.addShared("prod", java.util.Map.of("core.secret", "c".repeat(64)));
    assertThat(completed.shared()).containsEntry("core.secret", "c".repeat(64));
    assertThat(old.find("prod")).contains(completed);
  }

  @Test
  void wrongPasswordFailsWithoutEchoingIt() {
    PinStore wrong =
        new PostgresPinStore(
            RealPostgres.jdbcUrl(), RealPostgres.USER, "not-the-password-42", 5, true);
    assertThatThrownBy(() -> wrong.find("prod"))
        .isInstanceOf(PinStore.StoreException.class)
        .hasMessageContaining("cannot read HA group prod in PostgreSQL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password-42"));
  }

  @Test
  void aUrlWithoutVerifyFullIsRefusedUnlessAllowed() {
    for (String url :
        List.of(
            RealPostgres.jdbcUrl(),
            RealPostgres.jdbcUrl() + "?sslmode=require",
            RealPostgres.jdbcUrl() + "?sslmode=verify-ca")) {
      assertThatThrownBy(() -> new PostgresPinStore(url, "guard", "pw", 5))
          .as(url)
          .hasMessageContaining("the pins' server must be verified")
          .hasMessageNotContaining("pw");
    }
    assertThatThrownBy(() -> new PostgresPinStore("jdbc:mysql://x/y", "guard", "pw", 5))
        .hasMessageContaining("not a PostgreSQL JDBC URL");
  }

  /** verify-full against a real PostgreSQL 15 that allows only TLS. */
  @Test
  void verifyFullPinsOnARealTlsServer() throws Exception {
    try (Postgres15 tls = Postgres15.start()) {
      String url =
          "jdbc:postgresql://localhost:"
              + tls.port()
              + "/postgres?sslmode=verify-full&sslrootcert="
              + tls.ca();
      PinStore verified = new PostgresPinStore(url, Postgres15.ADMIN, Postgres15.ADMIN_PASSWORD, 5);
      HaGroupPin pin =
          verified.pinIfAbsent(
              new HaGroupPin(
                  "tls-group",
                  "a".repeat(64),
                  "b".repeat(64),
                  "ns/harbor",
                  Instant.now(),
                  null,
                  null));
      assertThat(verified.find("tls-group")).contains(pin);

      String otherCa = url.replace(tls.ca().toString(), tls.otherCa().toString());
      assertThatThrownBy(
              () ->
                  new PostgresPinStore(otherCa, Postgres15.ADMIN, Postgres15.ADMIN_PASSWORD, 5)
                      .find("tls-group"))
          .isInstanceOf(PinStore.StoreException.class);
    }
  }
}
