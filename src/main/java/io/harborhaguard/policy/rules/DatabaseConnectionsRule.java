package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The connections a release's pods may open to its external PostgreSQL, against that server's
 * {@code max_connections}. Which pods open a pool, from Harbor's source: core ({@code
 * src/core/main.go}, {@code dao.InitDatabase}), jobservice ({@code
 * src/jobservice/job/impl/context.go}, with the database settings it reads from core, so the same
 * {@code POSTGRESQL_MAX_OPEN_CONNS}) and, from chart 1.6.0 when {@code metrics.enabled}, the
 * exporter ({@code HARBOR_DATABASE_MAX_OPEN_CONNS}). Registry, registryctl, portal and trivy open
 * none.
 */
public class DatabaseConnectionsRule implements Rule {

  static final String KEY = "database.maxOpenConns";

  /** The pods of one release that open a pool, and the pool's bound (0: none). */
  public record Demand(Map<String, Integer> pods, int maxOpenConns) {

    public int podCount() {
      return pods.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean unbounded() {
      return maxOpenConns <= 0;
    }

    public long connections() {
      return (long) podCount() * maxOpenConns;
    }

    public String describe() {
      List<String> parts = new ArrayList<>();
      pods.forEach((component, n) -> parts.add(component + " " + n));
      return String.join(" + ", parts) + " pods";
    }
  }

  @Override
  public String id() {
    return "HA-DB-CONNECTIONS";
  }

  @Override
  public String title() {
    return "the database pools of every pod fit the external PostgreSQL's max_connections";
  }

  @Override
  public String rationale() {
    return "Every core and jobservice pod (and exporter pod) may open database.maxOpenConns"
        + " connections; the chart's 900-1000 are sized for its internal database's"
        + " max_connections of 1024, an external PostgreSQL usually allows 100, and under load"
        + " Harbor fails with \"sorry, too many clients already\" (SQLSTATE 53300).";
  }

  @Override
  public String eras() {
    return "charts 1.0.x-1.1.x have no database.maxOpenConns (Harbor 1.7-1.8 sets no bound); from"
        + " 1.2.0 core and jobservice pods each open up to database.maxOpenConns (default 100,"
        + " 1000 from 1.5.0, 900 from 1.10.0); from 1.6.0 exporter pods too when"
        + " metrics.enabled; budget: harbor-ha-guard.database-max-connections of the host (default"
        + " 100) minus 3 superuser-reserved; across releases sharing a host in lint of several"
        + " files";
  }

  @Override
  public Mode defaultMode() {
    return Mode.WARN;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    if (!"external".equals(values.text("database.type"))) {
      return List.of();
    }
    String host = values.text("database.external.host");
    String port = values.text("database.external.port");
    Budget budget = budget(host, port, settings);
    if (!values.chart().version().below(1, 2, 0)
        && !values.node(KEY).isMissingNode()
        && values.integer(KEY, Integer.MIN_VALUE) == Integer.MIN_VALUE) {
      return List.of(
          violation(
              KEY,
              KEY
                  + " is "
                  + Echo.quoted(values.text(KEY))
                  + ", not a number: Harbor's core cannot read its pool size",
              "--set database.maxOpenConns="
                  + Math.max(1, fit(budget, demand(values).podCount()))
                  + "."));
    }
    Demand demand = demand(values);
    if (values.chart().version().below(1, 2, 0)) {
      return List.of(
          violation(
              "database.external.host",
              "chart "
                  + values.chart().version()
                  + " bounds no database pool (the pool size arrived in chart 1.2.0): "
                  + demand.describe()
                  + " open as many connections to database.external.host "
                  + Echo.value(host)
                  + " as load asks; the server "
                  + budget.describe(),
              "upgrade to chart 1.2.0 or later and --set database.maxOpenConns="
                  + Math.max(1, fit(budget, demand.podCount()))
                  + "."));
    }
    if (demand.unbounded()) {
      return List.of(
          violation(
              KEY,
              KEY
                  + " is "
                  + demand.maxOpenConns()
                  + ": "
                  + demand.describe()
                  + " open as many connections to "
                  + Echo.value(host)
                  + " as load asks, without bound; the server "
                  + budget.describe(),
              "--set database.maxOpenConns=" + Math.max(1, fit(budget, demand.podCount())) + "."));
    }
    if (demand.connections() <= budget.usable()) {
      return List.of();
    }
    return List.of(
        violation(
            KEY,
            KEY
                + " is "
                + demand.maxOpenConns()
                + ": "
                + demand.describe()
                + " may open "
                + demand.connections()
                + " connections to "
                + Echo.value(host + ":" + port)
                + ", which "
                + budget.describe(),
            remediation(values, budget, demand.podCount())));
  }

  /**
   * The releases among {@code releases} that share an external database host and together exceed
   * its budget, though each may fit alone: one violation per host, about every release on it.
   */
  public List<Violation> acrossReleases(List<HarborValues> releases, PolicySettings settings) {
    Map<String, List<HarborValues>> byHost = new LinkedHashMap<>();
    for (HarborValues values : releases) {
      if ("external".equals(values.text("database.type")) && !demand(values).unbounded()) {
        String target =
            values.text("database.external.host").trim().toLowerCase(Locale.ROOT)
                + ":"
                + values.text("database.external.port").trim();
        byHost.computeIfAbsent(target, t -> new ArrayList<>()).add(values);
      }
    }
    List<Violation> violations = new ArrayList<>();
    byHost.forEach(
        (target, group) -> {
          if (group.size() < 2) {
            return;
          }
          HarborValues first = group.get(0);
          Budget budget =
              budget(
                  first.text("database.external.host"),
                  first.text("database.external.port"),
                  settings);
          long total = 0;
          int pods = 0;
          List<String> parts = new ArrayList<>();
          for (HarborValues values : group) {
            Demand demand = demand(values);
            total += demand.connections();
            pods += demand.podCount();
            parts.add(Echo.value(values.release()) + " " + demand.connections());
          }
          if (total <= budget.usable()) {
            return;
          }
          violations.add(
              violation(
                  String.join(", ", group.stream().map(HarborValues::release).toList()),
                  KEY,
                  group.size()
                      + " releases share "
                      + Echo.value(target)
                      + " and may open "
                      + total
                      + " connections together ("
                      + String.join(", ", parts)
                      + "; "
                      + KEY
                      + " times their core, jobservice and exporter pods), which "
                      + budget.describe(),
                  "--set database.maxOpenConns="
                      + Math.max(1, fit(budget, pods))
                      + " on each of them ("
                      + pods
                      + " pods share "
                      + budget.usable()
                      + " connections), or raise max_connections on the server and"
                      + " harbor-ha-guard.database-max-connections."));
        });
    return violations;
  }

  /** The pods of this release that open a database pool, and their bound. */
  public static Demand demand(HarborValues values) {
    Map<String, Integer> pods = new LinkedHashMap<>();
    pods.put("core", Math.max(0, values.integer("core.replicas", 1)));
    pods.put("jobservice", Math.max(0, values.integer("jobservice.replicas", 1)));
    if (values.chart().hasExporter() && values.flag("metrics.enabled")) {
      pods.put("exporter", Math.max(0, values.integer("exporter.replicas", 1)));
    }
    int maxOpen = values.chart().version().below(1, 2, 0) ? 0 : values.integer(KEY, 0);
    return new Demand(pods, maxOpen);
  }

  private String remediation(HarborValues values, Budget budget, int pods) {
    int fit = fit(budget, pods);
    if (fit < 1) {
      return "raise max_connections on "
          + Echo.value(values.text("database.external.host"))
          + " to at least "
          + (pods + PolicySettings.POSTGRES_SUPERUSER_RESERVED)
          + " (and harbor-ha-guard.database-max-connections with it), or run fewer pods.";
    }
    String idle =
        values.integer("database.maxIdleConns", 0) > fit
            ? " --set database.maxIdleConns=" + fit
            : "";
    return "--set database.maxOpenConns="
        + fit
        + idle
        + " ("
        + pods
        + " pods share "
        + budget.usable()
        + " connections), or raise max_connections on the server and"
        + " harbor-ha-guard.database-max-connections.";
  }

  static int fit(Budget budget, int pods) {
    return pods == 0 ? budget.usable() : budget.usable() / pods;
  }

  static Budget budget(String host, String port, PolicySettings settings) {
    OptionalInt configured = settings.maxConnections(host, port);
    return new Budget(
        configured.orElse(PolicySettings.POSTGRES_DEFAULT_MAX_CONNECTIONS), configured.isPresent());
  }

  /** A server's {@code max_connections}, and whether configuration said so. */
  record Budget(int maxConnections, boolean configured) {

    int usable() {
      return Math.max(0, maxConnections - PolicySettings.POSTGRES_SUPERUSER_RESERVED);
    }

    public String describe() {
      return "allows "
          + usable()
          + " (max_connections "
          + maxConnections
          + (configured
              ? " from harbor-ha-guard.database-max-connections"
              : ", PostgreSQL's default: set harbor-ha-guard.database-max-connections for this"
                  + " host if it differs")
          + ", less "
          + PolicySettings.POSTGRES_SUPERUSER_RESERVED
          + " superuser_reserved_connections)";
    }
  }
}
