package io.harborhaguard.jobs;

import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What db-init needs from a release: where the external PostgreSQL is, Harbor's user, and the
 * databases the chart era uses (core always; clair up to 1.5.x and notary up to 1.12.x, when
 * enabled), under the names the values give.
 */
public record DbInitPlan(
    String host,
    int port,
    SslMode ssl,
    SqlIdentifier owner,
    Optional<String> ownerPassword,
    Optional<String> existingSecret,
    List<SqlIdentifier> databases) {

  private static final String EXTERNAL = "database.external.";

  public DbInitPlan {
    new DbEndpoint(host, port); // refuses a host that is not a plain name or address
  }

  /** Where db-init connects, checked. */
  public DbEndpoint endpoint() {
    return new DbEndpoint(host, port);
  }

  public static DbInitPlan of(HarborValues values) {
    if (!"external".equals(values.text("database.type"))) {
      throw new IllegalArgumentException(
          "database.type is \""
              + values.text("database.type")
              + "\": db-init is for an external"
              + " PostgreSQL (database.type=external)");
    }
    HarborChart chart = values.chart();
    List<SqlIdentifier> databases = new ArrayList<>();
    databases.add(name(values, "coreDatabase", "registry"));
    if (chart.hasClair() && values.flag("clair.enabled")) {
      databases.add(name(values, "clairDatabase", "clair"));
    }
    if (chart.hasNotary() && values.flag("notary.enabled")) {
      databases.add(name(values, "notaryServerDatabase", "notary_server"));
      databases.add(name(values, "notarySignerDatabase", "notary_signer"));
    }
    Optional<String> existingSecret =
        chart.version().atLeast(1, 10, 0) && values.isSet(EXTERNAL + "existingSecret")
            ? Optional.of(values.text(EXTERNAL + "existingSecret"))
            : Optional.empty();
    return new DbInitPlan(
        values.text(EXTERNAL + "host"),
        values.integer(EXTERNAL + "port", 5432),
        new SslMode(
            values.isSet(EXTERNAL + "sslmode") ? values.text(EXTERNAL + "sslmode") : "disable",
            Optional.empty()),
        new SqlIdentifier(values.text(EXTERNAL + "username")),
        existingSecret.isPresent() || !values.isSet(EXTERNAL + "password")
            ? Optional.empty()
            : Optional.of(values.text(EXTERNAL + "password")),
        existingSecret,
        List.copyOf(databases));
  }

  private static SqlIdentifier name(HarborValues values, String key, String fallback) {
    String name = values.text(EXTERNAL + key);
    return new SqlIdentifier(name.isEmpty() ? fallback : name);
  }

  public DbInitPlan withServer(Optional<String> host, Optional<Integer> port) {
    return new DbInitPlan(
        host.orElse(this.host),
        port.orElse(this.port),
        ssl,
        owner,
        ownerPassword,
        existingSecret,
        databases);
  }

  public DbInitPlan withOwner(SqlIdentifier owner, Optional<String> password) {
    return new DbInitPlan(host, port, ssl, owner, password, existingSecret, databases);
  }

  /** The same plan with another sslmode (when given) and the root certificate to verify with. */
  public DbInitPlan withSsl(Optional<String> mode, Optional<String> rootCert) {
    return new DbInitPlan(
        host,
        port,
        new SslMode(mode.orElse(ssl.mode()), rootCert.or(ssl::rootCert)),
        owner,
        ownerPassword,
        existingSecret,
        databases);
  }
}
