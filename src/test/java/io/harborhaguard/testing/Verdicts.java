package io.harborhaguard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The expected verdict per fixture case, from {@code verdicts/fixture-verdicts.tsv}. */
public final class Verdicts {

  public record Verdict(Set<String> refusedBy, Set<String> warnedBy) {
    public boolean allowed() {
      return refusedBy.isEmpty();
    }
  }

  private static final Map<String, Verdict> TABLE = load();

  private Verdicts() {}

  /** The row for {@code tag/case}, else for {@code case}; a case without a row fails the test. */
  public static Verdict expected(Fixtures.Case c) {
    Verdict verdict = TABLE.getOrDefault(c.id(), TABLE.get(c.name()));
    if (verdict == null) {
      throw new AssertionError("no expected verdict for fixture " + c.id() + " in the table");
    }
    return verdict;
  }

  private static Map<String, Verdict> load() {
    Map<String, Verdict> table = new HashMap<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    Verdicts.class.getResourceAsStream("/verdicts/fixture-verdicts.tsv")),
                StandardCharsets.UTF_8))) {
      reader
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .forEach(
              line -> {
                String[] columns = line.split("\t");
                table.put(columns[0], new Verdict(ids(columns[1]), ids(columns[2])));
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table;
  }

  private static Set<String> ids(String column) {
    Set<String> ids = new TreeSet<>();
    if (!"-".equals(column.trim())) {
      Arrays.stream(column.split(",")).map(String::trim).forEach(ids::add);
    }
    return ids;
  }
}
