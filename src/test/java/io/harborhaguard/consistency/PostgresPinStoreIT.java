package io.harborhaguard.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harborhaguard.testing.RealPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store against a real server. */
class PostgresPinStoreIT extends PinStoreContract {

  @Override
  PinStore store() {
    return new PostgresPinStore(
        RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD, 5);
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

  @Test
  void wrongPasswordFailsWithoutEchoingIt() {
    PinStore wrong =
        new PostgresPinStore(RealPostgres.jdbcUrl(), RealPostgres.USER, "not-the-password-42", 5);
    assertThatThrownBy(() -> wrong.find("prod"))
        .isInstanceOf(PinStore.StoreException.class)
        .hasMessageContaining("cannot read HA group prod in PostgreSQL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password-42"));
  }
}
