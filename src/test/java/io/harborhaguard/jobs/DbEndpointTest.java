package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

/** Database endpoints: what a host may be, and where admin credentials may go. */
class DbEndpointTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "stolon-proxy-service.harbor-db.svc.cluster.local",
        "localhost",
        "10.0.0.7",
        "DB.Example.COM"
      })
  void plainNamesAndAddressesAreAccepted(String host) {
    assertThat(new DbEndpoint(host, 5432).host()).isEqualTo(host.toLowerCase());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "evil.example/postgres?sslmode=disable&x=",
        "h?sslmode=disable",
        "h&x=1",
        "a,b",
        "user@h",
        "h:5432",
        "h#x",
        "h x",
        "-h",
        "h..example",
        ""
      })
  void anythingElseIsRefusedNamingWhy(String host) {
    assertThatThrownBy(() -> new DbEndpoint(host, 5432))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refused");
  }

  @Test
  void portsOutsideTcpAreRefused() {
    assertThatThrownBy(() -> new DbEndpoint("h", 0)).hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> new DbEndpoint("h", 65536)).hasMessageContaining("1 to 65535");
    assertThat(DbEndpoint.parse("h:6543")).isEqualTo(new DbEndpoint("h", 6543));
    assertThat(DbEndpoint.parse("h")).isEqualTo(new DbEndpoint("h", 5432));
  }

  /** What pgjdbc makes of the properties and the one URL: the host and port given, nothing more. */
  @Test
  void pgjdbcConnectsWhereThePropertiesSay() {
    Properties properties = new Properties();
    new DbEndpoint("db.example", 6543).apply(properties);
    Properties parsed = Driver.parseURL(DbEndpoint.URL, properties);
    assertThat(parsed.getProperty("PGHOST")).isEqualTo("db.example");
    assertThat(parsed.getProperty("PGPORT")).isEqualTo("6543");
    assertThat(parsed.getProperty("PGDBNAME")).isEqualTo("postgres");
    assertThat(parsed.getProperty("sslmode")).isNull();
  }

  @Test
  void adminCredentialsGoOnlyToAnApprovedEndpoint() {
    DbEndpoint release = new DbEndpoint("evil.example", 5432);
    DbEndpoint proxy = new DbEndpoint("stolon-proxy-service.harbor-db.svc.cluster.local", 5432);

    assertThat(
            AdminEndpoint.choose(
                Optional.of(proxy), Optional.empty(), List.of(), release, "harbor/harbor"))
        .isEqualTo(proxy);
    assertThat(
            AdminEndpoint.choose(
                Optional.empty(), Optional.empty(), List.of(proxy), proxy, "harbor/harbor"))
        .isEqualTo(proxy);
    assertThatThrownBy(
            () ->
                AdminEndpoint.choose(
                    Optional.empty(), Optional.empty(), List.of(proxy), release, "harbor/harbor"))
        .hasMessageContaining("refused: release harbor/harbor names database evil.example:5432")
        .hasMessageContaining("approved endpoints are [" + proxy + "]");
    assertThatThrownBy(
            () ->
                AdminEndpoint.choose(
                    Optional.empty(), Optional.of(proxy), List.of(), release, "harbor/harbor"))
        .hasMessageContaining("the admin Secret names " + proxy);
    assertThatThrownBy(
            () ->
                AdminEndpoint.choose(
                    Optional.empty(), Optional.empty(), List.of(), release, "harbor/harbor"))
        .hasMessageContaining("no endpoint is approved");
  }
}
