package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.TrustAll;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/** Runs the packaged application and the bin/ launchers as a user or Helm would. */
public final class Launch {

  public static final Path HOME = Path.of("").toAbsolutePath();
  public static final Path LAUNCHER = HOME.resolve("bin/harbor-ha-guard");
  public static final Path JAR = HOME.resolve("target/quarkus-app/quarkus-run.jar");

  /**
   * The JDK the launcher runs on in these tests: JAVA_HOME, which the build sets for the packaged
   * tests from {@code packaged.java.home} (the JVM running Maven unless told otherwise; CI names
   * the container image's JDK 25).
   */
  public static Path javaHome() {
    String home = System.getenv("JAVA_HOME");
    return Path.of(home == null || home.isEmpty() ? System.getProperty("java.home") : home);
  }

  /** The feature release of a JDK (25 for 25.0.3), from its {@code release} file. */
  public static int feature(Path javaHome) throws IOException {
    for (String line : Files.readAllLines(javaHome.resolve("release"))) {
      if (line.startsWith("JAVA_VERSION=")) {
        String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
        return Integer.parseInt(version.split("[.+-]")[0]);
      }
    }
    throw new AssertionError("no JAVA_VERSION in " + javaHome.resolve("release"));
  }

  /**
   * The archive the launcher writes for serve ({@code serve} true) or the offline commands on the
   * JDK at {@code javaHome}: an AOT cache from JDK 25 on, a class-data sharing archive before.
   */
  public static Path archive(Path app, Path javaHome, boolean serve) throws IOException {
    boolean aot = feature(javaHome) >= 25;
    return app.resolve("harbor-ha-guard" + (serve ? "-serve" : "") + (aot ? ".aot" : "-cds.jsa"));
  }

  private Launch() {}

  /** A command of the packaged application (its jar must exist: after {@code ./mvnw package}). */
  public static Commands.Result run(
      List<String> command, byte[] stdin, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    assertThat(JAR).as("packaged application").exists();
    return Commands.run(command, stdin, env, dir);
  }

  static Commands.Result guard(String... args) throws IOException, InterruptedException {
    return guard(null, args);
  }

  static Commands.Result guard(byte[] stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    return run(command, stdin, Map.of(), HOME);
  }

  /** /q/health/ready of a guard starting on {@code port}: 200 once ready, for up to a minute. */
  public static int readyStatus(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
    URI ready = URI.create("https://localhost:" + port + "/q/health/ready");
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build();
    AtomicInteger status = new AtomicInteger();
    try {
      await("ready on " + port)
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
          .until(
              () -> {
                status.set(
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                return status.get() == 200;
              });
    } catch (ConditionTimeoutException notReady) {
      // the last status answers (0 when nothing ever did)
    }
    return status.get();
  }

  public static Path fixture(String tag, String file) {
    return Path.of(System.getProperty("fixtures", "src/test/fixtures"), "harbor", tag, file)
        .toAbsolutePath();
  }

  static String path(Path p) {
    return p.toAbsolutePath().toString().replace(File.separatorChar, '/');
  }
}
