package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.fabric8.zjsonpatch.JsonPatch;
import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For the fixable fixture cases, every object the fixes change must equal its golden file ({@code
 * mutation/<tag>/<case>/<Kind>-<name>.yaml}); the library-applied patch gives the same object; a
 * second pass changes nothing. Regenerate with {@code -Dgolden.write=true} and review.
 */
class MutationGoldenTest {

  static final PolicySettings SETTINGS = new PolicySettings(2, Set.of("cephfs"), Map.of());
  static final Map<String, Mode> MUTATE =
      Map.of("HA-REPLICAS", Mode.MUTATE, "HA-STORAGE-SHARED", Mode.MUTATE);
  private static final EnumSet<DiffFlags> PLAIN =
      EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

  private final PolicyEngine engine = TestRules.engine();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, v-replicas", "v1.3.19, v-rwo",
    "v1.10.4, v-replicas", "v1.10.4, v-rwo",
    "v1.19.1, v-replicas", "v1.19.1, v-rwo"
  })
  void fixedObjectsEqualTheirGoldenFiles(String tag, String name) throws Exception {
    Path goldenDir = Path.of("src/test/resources/mutation", tag, name);
    Set<String> changed = new TreeSet<>();
    for (JsonNode document : Manifests.of(tag, name)) {
      var object = HarborObject.recognise(document.deepCopy());
      if (object.isEmpty()) {
        continue;
      }
      FixResult result = engine.fix(object.get(), SETTINGS, MUTATE, true);
      JsonNode patch = JsonDiff.asJson(document, result.fixed(), PLAIN);
      assertThat(patch.isEmpty()).isEqualTo(result.fixes().isEmpty());
      if (result.fixes().isEmpty()) {
        continue;
      }
      assertThat(patch.findValuesAsText("op"))
          .allMatch(op -> Set.of("add", "remove", "replace").contains(op));
      assertThat(JsonPatch.apply(patch, document)).isEqualTo(result.fixed());

      String file = object.get().kind() + "-" + object.get().name() + ".yaml";
      changed.add(file);
      Path golden = goldenDir.resolve(file);
      if (Boolean.getBoolean("golden.write")) {
        Files.createDirectories(goldenDir);
        Manifests.YAML.writeValue(golden.toFile(), result.fixed());
      }
      assertThat(golden).as("golden file").exists();
      assertThat(result.fixed()).isEqualTo(Manifests.YAML.readTree(golden.toFile()));

      var again =
          engine.fix(object.get().withJson((ObjectNode) result.fixed()), SETTINGS, MUTATE, true);
      assertThat(again.fixes()).as("second pass").isEmpty();
      assertThat(JsonDiff.asJson(result.fixed(), again.fixed(), PLAIN)).isEmpty();
    }
    try (Stream<Path> goldens = Files.list(goldenDir)) {
      List<String> files = goldens.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(files)
          .as("golden files without a changed object")
          .containsExactlyElementsOf(changed);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"v1.3.19", "v1.10.4", "v1.19.1"})
  void nothingChangesWhenNoRuleIsInMutateMode(String tag) {
    for (JsonNode document : Manifests.of(tag, "v-replicas")) {
      HarborObject.recognise(document.deepCopy())
          .ifPresent(o -> assertThat(engine.fix(o, SETTINGS, Map.of(), true).fixes()).isEmpty());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"v1.3.19", "v1.10.4", "v1.19.1"})
  void boundClaimsAreNotChangedOnUpdate(String tag) {
    for (JsonNode document : Manifests.of(tag, "v-rwo")) {
      HarborObject.recognise(document.deepCopy())
          .filter(HarborObject::isClaim)
          .ifPresent(o -> assertThat(engine.fix(o, SETTINGS, MUTATE, false).fixes()).isEmpty());
    }
  }
}
