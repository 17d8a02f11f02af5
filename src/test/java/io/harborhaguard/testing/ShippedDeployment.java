package io.harborhaguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guard's container as k8s/base/deployment.yaml ships it: the one reading of it for the tests
 * and for bench/run, which runs the guard with its environment.
 */
public final class ShippedDeployment {

  public static final Path FILE = Path.of("k8s/base/deployment.yaml");

  private ShippedDeployment() {}

  /** The first container of the Deployment in {@code file}. */
  public static JsonNode container(Path file) {
    try {
      return Manifests.parse(Files.readString(file)).stream()
          .filter(o -> o.path("kind").asText().equals("Deployment"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no Deployment in " + file))
          .at("/spec/template/spec/containers/0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode container() {
    return container(FILE);
  }

  /** The container's literal environment, in order; entries read from the pod's fields left out. */
  public static Map<String, String> environment(Path file) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (JsonNode env : container(file).path("env")) {
      if (env.has("value")) {
        environment.put(env.path("name").asText(), env.path("value").asText());
      }
    }
    return environment;
  }

  /** JAVA_OPTS: the JVM options the guard runs with. */
  public static String javaOptions() {
    String options = environment(FILE).get("JAVA_OPTS");
    if (options == null) {
      throw new AssertionError("no JAVA_OPTS in " + FILE);
    }
    return options;
  }
}
