package io.harborhaguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every promise in SECURITY.md names the tests that hold it, and each named test exists: a table
 * row of the promises has at least one test, and every {@code Class} or {@code Class.method} it
 * names is a test class (and method) of this project.
 */
class SecurityPromisesTest {

  private static final Path SECURITY = Path.of("SECURITY.md");
  private static final Pattern NAMED =
      Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))(?:\\.(\\w+))?`");

  /** The rows of every table headed {@code | promise | held by |}. */
  static List<String> promiseRows() throws IOException {
    List<String> rows = new ArrayList<>();
    boolean inPromises = false;
    for (String line : Files.readAllLines(SECURITY)) {
      if (!line.startsWith("|")) {
        inPromises = false;
      } else if (line.startsWith("| promise | held by |")) {
        inPromises = true;
      } else if (inPromises && !line.startsWith("|---")) {
        rows.add(line);
      }
    }
    return rows;
  }

  @ParameterizedTest
  @MethodSource("promiseRows")
  void everyPromiseNamesTestsThatExist(String row) throws Exception {
    String heldBy = row.substring(row.lastIndexOf("|", row.length() - 2));
    Matcher named = NAMED.matcher(heldBy);
    int count = 0;
    while (named.find()) {
      count++;
      Class<?> test = testClass(named.group(1));
      if (named.group(2) != null) {
        assertThat(Arrays.stream(test.getDeclaredMethods()).map(Method::getName))
            .as("%s.%s", named.group(1), named.group(2))
            .contains(named.group(2));
      }
    }
    assertThat(count).as("tests named in: %s", row).isPositive();
  }

  @Test
  void thePageHasPromises() throws IOException {
    assertThat(promiseRows()).hasSizeGreaterThan(5);
  }

  private static Class<?> testClass(String simpleName) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      Path file =
          files
              .filter(f -> f.getFileName().toString().equals(simpleName + ".java"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no test class " + simpleName));
      String name =
          Path.of("src/test/java")
              .relativize(file)
              .toString()
              .replace('/', '.')
              .replace(".java", "");
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
