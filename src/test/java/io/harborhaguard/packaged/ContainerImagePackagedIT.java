package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.ShippedDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The container image without a container engine: src/main/docker/Dockerfile.jvm's COPY steps are
 * carried out into a directory after {@code ./mvnw package}, its RUN step runs there, and what its
 * ENTRYPOINT and CMD start (the launcher, {@code serve}) answers, from a read-only application
 * directory as the Deployment mounts it.
 */
@Tag("packaged")
class ContainerImagePackagedIT {

  private static final Path DOCKERFILE = Launch.HOME.resolve("src/main/docker/Dockerfile.jvm");
  private static final Pattern INSTRUCTION =
      Pattern.compile("^(FROM|ENV|WORKDIR|COPY|USER|RUN|EXPOSE|ENTRYPOINT|CMD)\\s+(.*)$");
  private static final Pattern RUNTIME = Pattern.compile(".*/openjdk-(\\d+)-runtime:.*");
  private static final ObjectMapper JSON = new ObjectMapper();

  record Instruction(String keyword, String argument) {}

  static List<Instruction> instructions() throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = INSTRUCTION.matcher(line);
      assertThat(m.matches()).as("a Dockerfile instruction this test knows: " + line).isTrue();
      instructions.add(new Instruction(m.group(1), m.group(2).trim()));
    }
    return instructions;
  }

  @Test
  void theImageHoldsWhatThePackageBuildsAndServesThroughTheLauncher() throws Exception {
    Path root = Files.createTempDirectory("image");
    String javaOptions = null;
    List<String> entrypoint = null;
    List<String> cmd = null;
    Path javaHome = null;
    for (Instruction step : instructions()) {
      switch (step.keyword()) {
        case "FROM" -> {
          // The image's JDK, as installed here: its JAVA_HOME names it to the launcher.
          Matcher runtime = RUNTIME.matcher(step.argument());
          assertThat(runtime.matches()).as("an OpenJDK runtime image: " + step).isTrue();
          javaHome = LauncherJvmPackagedIT.installedJdk(Integer.parseInt(runtime.group(1)));
        }
        case "COPY" -> copy(step.argument(), root);
        case "ENV" -> {
          assertThat(step.argument()).startsWith("JAVA_OPTS=");
          javaOptions = step.argument().substring("JAVA_OPTS=".length()).replace("\"", "");
        }
        case "RUN" -> {
          Commands.Result run =
              Launch.run(
                  List.of("bash", "-c", inRoot(step.argument(), root)),
                  null,
                  Map.of("JAVA_OPTS", javaOptions, "JAVA_HOME", javaHome.toString()),
                  root);
          assertThat(run.exit()).as(step + "\n" + run.stderr()).isZero();
        }
        case "ENTRYPOINT" -> entrypoint = strings(step.argument());
        case "CMD" -> cmd = strings(step.argument());
        default -> {}
      }
    }
    assertThat(javaOptions)
        .as("the image's JVM options are the Deployment's")
        .isEqualTo(ShippedDeployment.javaOptions());
    assertThat(entrypoint).containsExactly("/deployments/bin/harbor-ha-guard");
    assertThat(cmd).containsExactly("serve");
    Path app = root.resolve("deployments/target/quarkus-app");
    assertThat(Launch.feature(javaHome))
        .as("the image ships JDK 25 or later")
        .isGreaterThanOrEqualTo(25);
    assertThat(app.resolve("harbor-ha-guard-serve.aot")).isNotEmptyFile();
    assertThat(app.resolve("harbor-ha-guard.aot")).isNotEmptyFile();

    // The Deployment mounts the root file system read-only and runs as user 185: so do these
    // runs (as that user when the tests run as root, whom permissions do not stop).
    makeReadOnly(root);
    List<String> launcher = new ArrayList<>(asImageUser());
    launcher.add(inRoot(entrypoint.get(0), root));
    List<String> rulesCommand = new ArrayList<>(launcher);
    rulesCommand.add("rules");
    Commands.Result rules =
        Launch.run(
            rulesCommand,
            null,
            Map.of("JAVA_OPTS", javaOptions, "HOME", "/tmp", "JAVA_HOME", javaHome.toString()),
            root);
    assertThat(rules.exit()).as(rules.stderr()).isZero();
    assertThat(rules.stdout()).contains("HA-DB-EXTERNAL");
    assertThat(rules.stderr())
        .doesNotContain("building")
        .doesNotContain("harbor-ha-guard: the archive");

    int port = Ports.freePort();
    Path tls = Files.createTempDirectory("tls");
    Files.setPosixFilePermissions(tls, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<String> serve = new ArrayList<>(launcher);
    serve.addAll(cmd);
    serve.addAll(
        List.of("-Dquarkus.http.ssl-port=" + port, "-Dharbor-ha-guard.tls.generated-dir=" + tls));
    Path err = Files.createTempFile("image-serve", ".err");
    Process process =
        Commands.start(
            serve,
            err,
            Map.of("JAVA_OPTS", javaOptions, "HOME", "/tmp", "JAVA_HOME", javaHome.toString()),
            root);
    try {
      assertThat(Launch.readyStatus(port)).as(Files.readString(err)).isEqualTo(200);
      assertThat(Files.readString(err))
          .doesNotContain("building")
          .doesNotContain("preparing the")
          .as("the AOT cache written at build is the one this JVM uses")
          .doesNotContain("harbor-ha-guard: the archive");
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  /** The chart's and the kustomize Deployment run the image's entrypoint with {@code serve}. */
  @Test
  void theDeploymentsRunTheEntrypoint() throws Exception {
    JsonNode container = ShippedDeployment.container();
    assertThat(container.has("command")).isFalse();
    assertThat(container.path("args").toString()).isEqualTo("[\"serve\"]");
    String chartValues =
        Files.readString(Launch.HOME.resolve("charts/harbor-ha-guard/values.yaml"));
    assertThat(chartValues).contains("javaOptions: \"" + ShippedDeployment.javaOptions() + "\"");
  }

  private static void copy(String argument, Path root) throws IOException {
    List<String> words = new ArrayList<>(List.of(argument.split("\\s+")));
    words.removeIf(w -> w.startsWith("--chown="));
    assertThat(words).as("COPY source destination").hasSize(2);
    Path source = Launch.HOME.resolve(words.get(0));
    assertThat(source).as("COPY source after ./mvnw package").exists();
    Path target = Path.of(root.toString(), words.get(1));
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.toList()) {
          Path to = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    } else {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static String inRoot(String command, Path root) {
    return command.replace("/deployments", root.resolve("deployments").toString());
  }

  private static List<String> strings(String jsonArray) throws IOException {
    List<String> list = new ArrayList<>();
    JSON.readTree(jsonArray).forEach(n -> list.add(n.asText()));
    return list;
  }

  /** Readable and executable by all, writable by none. */
  private static void makeReadOnly(Path tree) throws IOException {
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.toList()) {
        file.toFile().setReadable(true, false);
        if (Files.isDirectory(file)) {
          file.toFile().setExecutable(true, false);
        }
        file.toFile().setWritable(false, false);
      }
    }
  }

  private static List<String> asImageUser() throws Exception {
    Commands.Result id = Launch.run(List.of("id", "-u"), null, Map.of(), Launch.HOME);
    return id.stdout().trim().equals("0")
        ? List.of("setpriv", "--reuid=185", "--regid=185", "--clear-groups")
        : List.of();
  }
}
