package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Ports;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bin/harbor-ha-guard's choice of JVM and archive, on a copy of the packaged application: JAVA_HOME
 * when set, else the newest JDK 25+ installed (AOT cache), else the java on PATH (JDK 17, AppCDS);
 * and an archive the JVM cannot use is one line on stderr, and the start goes on without it.
 */
@Tag("packaged")
class LauncherJvmPackagedIT {

  private static final String ONE_LINE = "harbor-ha-guard: the archive ";

  @Test
  void withoutJavaHomeAJdk25InstalledIsChosenElseTheJavaOnPath() throws Exception {
    Path home = copyOfTheApplication();
    Path app = home.resolve("target/quarkus-app");
    Path jdk17 = installedJdk(17);
    Path noJdks = Files.createTempDirectory("no-jdks");
    String path = jdk17.resolve("bin") + ":/usr/bin:/bin";

    Commands.Result only17 =
        launch(
            home, null, Map.of("PATH", path, "HARBOR_HA_GUARD_JDKS", noJdks.toString()), "rules");
    assertThat(only17.exit()).as(only17.output()).isZero();
    assertThat(only17.output()).contains("HA-DB-EXTERNAL");
    assertThat(Launch.archive(app, jdk17, false)).as("JDK 17: AppCDS").isNotEmptyFile();
    assertThat(Files.readString(app.resolve("harbor-ha-guard-cds.jsa.jvm")))
        .startsWith(jdk17.resolve("bin/java").toRealPath().toString());
    assertThat(app.resolve("harbor-ha-guard.aot")).doesNotExist();

    Path jdk25 = installedJdk(25);
    Commands.Result with25 =
        launch(
            home,
            null,
            Map.of("PATH", path, "HARBOR_HA_GUARD_JDKS", jdk25.getParent().toString()),
            "rules");
    assertThat(with25.exit()).as(with25.output()).isZero();
    assertThat(app.resolve("harbor-ha-guard.aot"))
        .as("JDK 25 installed: its AOT cache")
        .isNotEmptyFile();
    assertThat(Files.readString(app.resolve("harbor-ha-guard.aot.jvm")))
        .startsWith(jdk25.resolve("bin/java").toRealPath().toString());

    // JAVA_HOME wins over the JDK 25 installed.
    Files.delete(app.resolve("harbor-ha-guard-cds.jsa"));
    Commands.Result javaHome =
        launch(
            home,
            jdk17,
            Map.of("PATH", path, "HARBOR_HA_GUARD_JDKS", jdk25.getParent().toString()),
            "rules");
    assertThat(javaHome.exit()).as(javaHome.output()).isZero();
    assertThat(app.resolve("harbor-ha-guard-cds.jsa")).isNotEmptyFile();
  }

  @Test
  void anAotCacheThisJvmCannotUseIsOneLineAndTheStartGoesOn() throws Exception {
    Path jdk25 = installedJdk(25);
    Path home = copyOfTheApplication();
    Path app = home.resolve("target/quarkus-app");
    Commands.Result prepare = launch(home, jdk25, Map.of(), "--prepare");
    assertThat(prepare.exit()).as(prepare.output()).isZero();
    Path serveCache = app.resolve("harbor-ha-guard-serve.aot");
    Path offlineCache = app.resolve("harbor-ha-guard.aot");
    assertThat(serveCache).isNotEmptyFile();
    assertThat(offlineCache).isNotEmptyFile();

    Commands.Result used = launch(home, jdk25, Map.of(), "rules");
    assertThat(used.exit()).as(used.output()).isZero();
    assertThat(used.output()).contains("HA-DB-EXTERNAL").doesNotContain(ONE_LINE);

    corrupt(offlineCache);
    corrupt(serveCache);
    Commands.Result offline = launch(home, jdk25, Map.of(), "rules");
    assertThat(offline.exit()).as(offline.output()).isZero();
    assertThat(offline.output()).contains("HA-DB-EXTERNAL");
    assertThat(linesWith(offline.output(), ONE_LINE))
        .containsExactly(
            ONE_LINE
                + offlineCache
                + " does not match this JVM ("
                + vmVersion(jdk25)
                + "); starting without it");
    assertThat(linesWith(offline.output(), "[aot]")).as("the JVM's own lines").isEmpty();

    int port = Ports.freePort();
    Path tls = Files.createTempDirectory("tls");
    Path log = Files.createTempFile("serve", ".log");
    Process serve =
        Commands.start(
            List.of(
                home.resolve("bin/harbor-ha-guard").toString(),
                "-Dquarkus.http.ssl-port=" + port,
                "-Dharbor-ha-guard.tls.generated-dir=" + tls),
            log,
            Map.of("JAVA_HOME", jdk25.toString()),
            home);
    try {
      assertThat(Launch.readyStatus(port)).as(Files.readString(log)).isEqualTo(200);
      assertThat(linesWith(Files.readString(log), ONE_LINE))
          .as("one line, and no new training: the stamp says this JVM wrote it")
          .containsExactly(
              ONE_LINE
                  + serveCache
                  + " does not match this JVM ("
                  + vmVersion(jdk25)
                  + "); starting without it");
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }

    // Written by another JVM (its stamp): where the launcher can write, it trains again.
    Files.writeString(offlineCache.resolveSibling("harbor-ha-guard.aot.jvm"), "/another/java 25\n");
    Commands.Result retrained = launch(home, jdk25, Map.of(), "rules");
    assertThat(retrained.exit()).as(retrained.output()).isZero();
    assertThat(retrained.output()).doesNotContain(ONE_LINE);
    assertThat(Files.readString(offlineCache.resolveSibling("harbor-ha-guard.aot.jvm")))
        .startsWith(jdk25.resolve("bin/java").toRealPath().toString());
  }

  /** The launcher with JAVA_HOME set to {@code javaHome}, or unset when null. */
  static Commands.Result launch(Path home, Path javaHome, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/harbor-ha-guard").toString()));
    command.addAll(List.of(args));
    Map<String, String> environment = new HashMap<>();
    environment.put("JAVA_HOME", javaHome == null ? null : javaHome.toString());
    environment.putAll(env);
    // Training an AOT cache on a loaded machine takes minutes.
    return Commands.run(command, null, environment, home, Duration.ofMinutes(5));
  }

  /** The launcher, the packaged application without its archives, and the training fixtures. */
  static Path copyOfTheApplication() throws IOException {
    assertThat(Launch.JAR).as("packaged application").exists();
    Path home = Files.createTempDirectory("launcher-home");
    Files.createDirectories(home.resolve("bin"));
    Files.copy(
        Launch.LAUNCHER, home.resolve("bin/harbor-ha-guard"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.createDirectories(home.resolve("src/test"));
    Files.createSymbolicLink(
        home.resolve("src/test/fixtures"), Launch.HOME.resolve("src/test/fixtures"));
    Path app = Launch.JAR.getParent();
    try (Stream<Path> files = Files.walk(app)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".aot") || name.endsWith(".jsa") || name.endsWith(".jvm")) {
          continue;
        }
        Path to = home.resolve("target/quarkus-app").resolve(app.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return home;
  }

  /** An installed JDK of this feature release; the test machine has 17 and 25 (bin/test). */
  static Path installedJdk(int feature) throws IOException {
    try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path jdk : jdks.sorted().toList()) {
        if (Files.isRegularFile(jdk.resolve("release"))
            && Files.isExecutable(jdk.resolve("bin/java"))
            && Launch.feature(jdk) == feature) {
          return jdk;
        }
      }
    }
    throw new AssertionError("no JDK " + feature + " in /usr/lib/jvm: install one (see bin/test)");
  }

  static String vmVersion(Path jdk) throws IOException {
    for (String line : Files.readAllLines(jdk.resolve("release"))) {
      if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
        return line.substring("JAVA_RUNTIME_VERSION=".length()).replace("\"", "");
      }
    }
    throw new AssertionError("no JAVA_RUNTIME_VERSION in " + jdk);
  }

  /** Overwrites the file's first bytes (its magic number), as a damaged or foreign file has. */
  static void corrupt(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write("XXXXXXXX".getBytes(StandardCharsets.US_ASCII));
    }
  }

  static List<String> linesWith(String output, String text) {
    return output.lines().filter(l -> l.contains(text)).toList();
  }
}
