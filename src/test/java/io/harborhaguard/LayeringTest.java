package io.harborhaguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data flows one way: admission -> helm -> policy; consistency and jobs beside admission; cli on
 * top. The rule engine knows nothing of HTTP, JDBC or the Kubernetes client.
 */
class LayeringTest {

  private static final String BASE = "io.harborhaguard.";

  /** package -> imports it must not have. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "policy", List.of(BASE + "admission", BASE + "cli", BASE + "jobs", BASE + "consistency", BASE + "config",
          "io.fabric8.kubernetes.client", "jakarta.ws", "java.sql", "io.vertx"),
      "helm", List.of(BASE + "policy", BASE + "admission", BASE + "cli", BASE + "jobs", BASE + "consistency",
          "io.fabric8.kubernetes.client", "jakarta.ws", "java.sql"),
      "consistency", List.of(BASE + "admission", BASE + "cli", BASE + "jobs", "jakarta.ws"),
      "jobs", List.of(BASE + "admission", BASE + "cli", "jakarta.ws"),
      "admission", List.of(BASE + "cli", BASE + "jobs"),
      "tls", List.of(BASE + "admission", BASE + "cli", BASE + "jobs", BASE + "policy", BASE + "helm"));

  static Stream<String> packages() {
    return FORBIDDEN.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packages")
  void packageDoesNotReachAgainstTheFlow(String name) {
    Path dir = Path.of("src/main/java/io/harborhaguard", name);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("import ")) {
            for (String forbidden : FORBIDDEN.get(name)) {
              assertThat(line).as(file + " must not import " + forbidden).doesNotContain(" " + forbidden);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
