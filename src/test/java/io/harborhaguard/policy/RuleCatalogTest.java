package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.harborhaguard.policy.rules.group.GroupConsistentRule;
import io.harborhaguard.policy.rules.installer.InstallerNodeRule;
import io.harborhaguard.policy.rules.installer.InstallerSiteRule;
import io.harborhaguard.policy.rules.record.ReleaseReadableRule;
import io.harborhaguard.policy.rules.replication.ReplicationPairRule;
import io.harborhaguard.policy.rules.values.SecretsReferencedRule;
import io.harborhaguard.policy.rules.values.ValuesRule;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is the one list of rules: every rule class is in it, every id the code can put into
 * an output is one of its ids, and every rule documents itself and has its own test.
 */
class RuleCatalogTest {

  private static final Pattern CHECK_ID = Pattern.compile("\"(HA-[A-Z0-9]+(?:-[A-Z0-9]+)*)");
  private final RuleCatalog catalog = RuleCatalog.standard();
  private final Set<String> ids =
      catalog.all().stream().map(Rule::id).collect(Collectors.toCollection(TreeSet::new));

  @Test
  void everyRuleClassIsInTheCatalogue() {
    Set<String> listed =
        catalog.all().stream().map(c -> c.getClass().getName()).collect(Collectors.toSet());
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.harborhaguard");
    for (JavaClass type : classes) {
      if (type.isAssignableTo(Rule.class)
          && !type.isInterface()
          && !type.getModifiers().contains(JavaModifier.ABSTRACT)) {
        assertThat(listed)
            .as(type.getName() + " is listed in RuleCatalog.standard()")
            .contains(type.getName());
      }
    }
  }

  @Test
  void everyIdTheCodeNamesIsACatalogueId() throws IOException {
    Set<String> named = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = CHECK_ID.matcher(Files.readString(file));
        while (m.find()) {
          named.add(m.group(1));
        }
      }
    }
    assertThat(named).as("ids in main code").isNotEmpty();
    assertThat(ids).containsAll(named);
  }

  @Test
  void rulesJsonListsEveryCatalogueId() throws IOException {
    JsonNode json = Fixtures.JSON.readTree(RuleReference.json(catalog.all()));
    Set<String> listed = new TreeSet<>();
    json.get("rules").forEach(r -> listed.add(r.get("id").asText()));
    assertThat(listed).isEqualTo(ids).contains("HA-GROUP-CONSISTENT", "HA-RELEASE-READABLE");
    json.get("rules").forEach(r -> assertThat(r.get("defaultMode").asText()).isNotBlank());
  }

  @Test
  void everyRuleSaysWhatWhyWhereAndHasATestClass() {
    for (Rule check : catalog.all()) {
      assertThat(check.metadata().title()).as(check.id() + " title").isNotBlank();
      assertThat(check.metadata().rationale()).as(check.id() + " rationale").endsWith(".");
      assertThat(check.metadata().eras()).as(check.id() + " eras").isNotBlank();
      Path test =
          Path.of("src/test/java", check.getClass().getName().replace('.', '/') + "Test.java");
      assertThat(test).as(check.id() + " needs its own test class").exists();
      assertThat(read(test))
          .as(check.id() + " is tested on the fixtures (Fixtures, PairFixtures, InstallerNodes)")
          .containsAnyOf("Fixtures.", "InstallerNodes.");
    }
  }

  @Test
  void everyRuleSaysTheScopeItsInterfaceJudges() {
    Map<Class<?>, RuleMetadata.Scope> byInterface =
        Map.of(
            ValuesRule.class, RuleMetadata.Scope.VALUES,
            InstallerNodeRule.class, RuleMetadata.Scope.INSTALLER_NODE,
            InstallerSiteRule.class, RuleMetadata.Scope.INSTALLER_NODES,
            ReplicationPairRule.class, RuleMetadata.Scope.REPLICATION_PAIR,
            ReleaseReadableRule.class, RuleMetadata.Scope.RELEASE_RECORD,
            GroupConsistentRule.class, RuleMetadata.Scope.HA_GROUP,
            SecretsReferencedRule.class, RuleMetadata.Scope.VALUES_SECRETS);
    for (Rule rule : catalog.all()) {
      var judged =
          byInterface.entrySet().stream().filter(e -> e.getKey().isInstance(rule)).toList();
      assertThat(judged).as(rule.id() + " implements one judging interface").hasSize(1);
      assertThat(rule.metadata().scope()).as(rule.id()).isEqualTo(judged.get(0).getValue());
    }
  }

  @Test
  void everyRuleIsOverridableByConfiguration() {
    for (Rule check : catalog.all()) {
      var settings =
          PolicyProducer.toSettings(2, Set.of(), Map.of(check.id(), "warn"), TestRules.engine());
      assertThat(settings.modes()).containsEntry(check.id(), Mode.WARN);
    }
  }

  @Test
  void fixtureVerdictTableNamesOnlyKnownRules() throws Exception {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    getClass().getResourceAsStream("/verdicts/fixture-verdicts.tsv")),
                StandardCharsets.UTF_8))) {
      reader
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .flatMap(line -> Arrays.stream(line.split("\t")).skip(1))
          .flatMap(column -> Arrays.stream(column.split(",")))
          .map(String::trim)
          .filter(id -> !id.equals("-"))
          .forEach(id -> assertThat(ids).as("id named in fixture-verdicts.tsv").contains(id));
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
