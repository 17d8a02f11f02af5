package io.harborhaguard.bench;

import io.harborhaguard.jobs.DbInit;
import io.harborhaguard.jobs.DbInitPlan;
import io.harborhaguard.jobs.DbInitReport;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.RealPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * db-init against a real PostgreSQL: the four databases of chart 1.3.19 created, then the no-op
 * re-run; in-process (the job's own work) and through bin/harbor-ha-guard (JVM start included).
 * Usage: DbInitBench [ROUNDS] (default 5; prints the median and the best of each).
 */
public final class DbInitBench {

  static final String TAG = "v1.3.19";
  private static final DbInit.Login ADMIN =
      new DbInit.Login(RealPostgres.USER, RealPostgres.PASSWORD);

  /** Milliseconds per round for one way of running. */
  public record Timings(List<Double> create, List<Double> noOp) {}

  private DbInitBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    print("in-process", inProcess(rounds));
    print("bin/harbor-ha-guard", launcher(rounds));
    RealPostgres.server().close();
  }

  public static Timings inProcess(int rounds) throws Exception {
    DbInitPlan plan =
        DbInitPlan.of(Fixtures.values(TAG, "ha-ok"))
            .withServer(Optional.of("127.0.0.1"), Optional.of(RealPostgres.server().getPort()));
    Timings timings = new Timings(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < rounds; i++) {
      dropDatabases();
      timings
          .create()
          .add(timed(() -> expect(new DbInit(Duration.ofSeconds(30)).run(plan, ADMIN, true), 4)));
      timings
          .noOp()
          .add(timed(() -> expect(new DbInit(Duration.ofSeconds(30)).run(plan, ADMIN, true), 0)));
    }
    return timings;
  }

  private static Timings launcher(int rounds) throws Exception {
    Path password = Files.createTempFile("pw", ".txt");
    Files.writeString(password, RealPostgres.PASSWORD + "\n");
    List<String> command =
        List.of(
            Launch.LAUNCHER.toString(),
            "job",
            "db-init",
            "--release-file",
            Launch.fixture(TAG, "ha-ok.release.json").toString(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(RealPostgres.server().getPort()),
            "--admin-user",
            RealPostgres.USER,
            "--admin-password-file",
            password.toString(),
            "--insecure-lab-login", // the embedded server on loopback has no TLS
            "--create-role");
    Timings timings = new Timings(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < rounds; i++) {
      dropDatabases();
      timings
          .create()
          .add(timed(() -> expectExit(Launch.run(command, null, Map.of(), Launch.HOME))));
      timings.noOp().add(timed(() -> expectExit(Launch.run(command, null, Map.of(), Launch.HOME))));
    }
    return timings;
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double timed(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static void expect(DbInitReport report, int created) {
    long count =
        report.databases().stream().filter(o -> o.status() == DbInitReport.Status.CREATED).count();
    if (!report.succeeded() || count != created) {
      throw new IllegalStateException("db-init did not do what the round expects: " + report);
    }
  }

  private static void expectExit(Commands.Result result) {
    if (result.exit() != 0) {
      throw new IllegalStateException("db-init failed: " + result.stdout() + result.stderr());
    }
  }

  private static void dropDatabases() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD);
        Statement s = c.createStatement()) {
      for (String name : List.of("registry", "clair", "notary_server", "notary_signer")) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }

  private static void print(String how, Timings timings) {
    System.out.printf(
        "db-init %-20s 4 databases: median %6.0f ms, best %6.0f ms | no-op: median %6.0f ms, best %6.0f ms%n",
        how,
        median(timings.create()),
        Collections.min(timings.create()),
        median(timings.noOp()),
        Collections.min(timings.noOp()));
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
