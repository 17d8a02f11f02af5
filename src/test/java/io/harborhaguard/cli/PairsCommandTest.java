package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.PairFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code pairs} over the saved exports: rule ids and exit codes as expected.tsv says. */
class PairsCommandTest {

  record Run(int exit, String out) {}

  static Run pairs(String... args) {
    CliRunner.Run run = CliRunner.pairs(args);
    return new Run(run.exit(), run.out());
  }

  static List<PairFixtures.Case> cases() {
    return PairFixtures.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseGetsItsRulesAndExitCode(PairFixtures.Case c) throws Exception {
    Run run =
        pairs(
            "--format=json",
            "--active",
            c.active().toString(),
            "--standby",
            c.standby().toString(),
            "--active-url",
            PairFixtures.ACTIVE_URL,
            "--standby-url",
            PairFixtures.STANDBY_URL);
    JsonNode json = Fixtures.JSON.readTree(run.out());
    Set<String> rules = new TreeSet<>(json.at("/results").findValuesAsText("rule"));
    assertThat(rules).as(run.out()).isEqualTo(c.rules());
    assertThat(run.exit()).isEqualTo(c.exit());
    if (!rules.isEmpty()) {
      List<String> fields = new ArrayList<>();
      json.at("/results/0").fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .as("the report schema: ReportSchemaTest")
          .contains("input", "subject", "key");
    }
  }

  @Test
  void exportsThatAreNotJsonOrNotTheShapeAreErrorsNamingTheFile() throws Exception {
    PairFixtures.Case kept = PairFixtures.cases().get(0);
    Path broken = Files.createTempDirectory("active");
    for (String file : List.of("registries.json", "replication-policies.json")) {
      Files.copy(kept.active().resolve(file), broken.resolve(file));
    }
    Files.writeString(broken.resolve("projects.json"), "{\"name\": \"not a list\"}");
    Run run =
        pairs(
            "--format=json", "--active", broken.toString(), "--standby", kept.standby().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("active projects.json: not the expected shape");

    Files.writeString(broken.resolve("projects.json"), "<html>login</html>");
    run = pairs("--active", broken.toString(), "--standby", kept.standby().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("active projects.json: not JSON");

    Files.delete(broken.resolve("projects.json"));
    run = pairs("--active", broken.toString(), "--standby", kept.standby().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("projects.json: missing");

    run = pairs("--active", kept.active().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("pass --standby DIR or --standby-url URL");
  }
}
