package io.harborhaguard.testing;

import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every rule class in {@code policy.rules}, found the way CDI finds them (by type, not by a list),
 * so plain tests can run the full engine without booting Quarkus.
 */
public final class TestRules {

  private TestRules() {}

  public static List<Rule> all() {
    try {
      Path folder =
          Path.of(
              Rule.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .resolve("io/harborhaguard/policy/rules");
      try (Stream<Path> files = Files.list(folder)) {
        return files
            .map(f -> f.getFileName().toString())
            .filter(f -> f.endsWith(".class") && !f.contains("$"))
            .sorted()
            .map(f -> instantiate("io.harborhaguard.policy.rules." + f.replace(".class", "")))
            .filter(r -> r != null)
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PolicyEngine engine() {
    return new PolicyEngine(all());
  }

  private static Rule instantiate(String className) {
    try {
      Class<?> type = Class.forName(className);
      if (!Rule.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
        return null;
      }
      return (Rule) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create rule " + className, e);
    }
  }
}
