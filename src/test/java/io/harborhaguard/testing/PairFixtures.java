package io.harborhaguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Violation;
import io.harborhaguard.policy.rules.replication.ReplicationPairRule;
import io.harborhaguard.replication.ReplicationPair;
import io.harborhaguard.replication.ReplicationSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The replication pair exports in src/test/fixtures/replication and their expected verdicts. */
public final class PairFixtures {

  public static final String ACTIVE_URL = "https://harbor-dc1.example.com";
  public static final String STANDBY_URL = "https://harbor-dc2.example.com";

  /** One case: its name, the rule ids it gets, its exit code. */
  public record Case(String name, Set<String> rules, int exit) {
    public Path active() {
      return folder().resolve(name).resolve("active");
    }

    public Path standby() {
      return folder().resolve(name).resolve("standby");
    }

    public ReplicationPair pair() {
      try {
        return new ReplicationPair(
            ReplicationSite.read("active", active(), Optional.of(ACTIVE_URL)),
            ReplicationSite.read("standby", standby(), Optional.of(STANDBY_URL)));
      } catch (ReplicationSite.BadExport e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private PairFixtures() {}

  /**
   * {@code check} over case {@code c}: findings exactly when the case's expected rules name it,
   * each with a remediation sentence and no registry credential in its text.
   */
  public static void assertVerdict(ReplicationPairRule check, Case c) {
    List<Violation> found = check.check(c.pair());
    assertThat(found.isEmpty()).as(c.name()).isEqualTo(!c.rules().contains(check.id()));
    for (Violation v : found) {
      assertThat(v.ruleId()).isEqualTo(check.id());
      assertThat(v.remediation()).endsWith(".");
      assertThat(v.message() + v.remediation()).doesNotContain("robot$replicator");
    }
  }

  public static Path folder() {
    return Fixtures.root().resolve("replication");
  }

  public static List<Case> cases() {
    try (Stream<String> lines = Files.lines(folder().resolve("expected.tsv"))) {
      return lines
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t"))
          .map(f -> new Case(f[0], rules(f[1]), Integer.parseInt(f[2])))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> rules(String column) {
    return column.equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(column.split(",")));
  }
}
