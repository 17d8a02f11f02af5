package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.packaged.HelmTool;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/, webhook/ and jobs/ are the chart's output: bin/generate-install, run again into a temporary
 * directory, writes every generated file byte for byte as it is checked in, and no other file.
 */
class GeneratedInstallIT {

  private static final String REGENERATE = "bin/generate-install";
  private static final List<String> TREES = List.of("k8s", "webhook", "jobs");
  private static final String HEADER =
      "# Generated from charts/harbor-ha-guard by " + REGENERATE + "; do not edit by hand.";

  /** Written by hand: the kustomize entry points, the namespaced overlay's command, a README. */
  private static final Set<String> BY_HAND =
      Set.of(
          "k8s/kustomization.yaml",
          "k8s/base/kustomization.yaml",
          "k8s/overlays/cluster/kustomization.yaml",
          "k8s/overlays/cert-manager/kustomization.yaml",
          "k8s/overlays/namespaced/kustomization.yaml",
          "k8s/overlays/namespaced/generate",
          "webhook/kustomization.yaml",
          "jobs/README.md");

  private static Path regenerated;

  @BeforeAll
  static void regenerate() throws Exception {
    regenerated = Files.createTempDirectory("generated-install");
    Commands.Result run =
        Commands.run(
            List.of(Launch.HOME.resolve(REGENERATE).toString(), "--out", regenerated.toString()),
            null,
            Map.of("HELM", HelmTool.binary("3").toString()),
            Launch.HOME);
    assertThat(run.exit()).as(REGENERATE + ": " + run.stderr()).isZero();
  }

  @Test
  void everyGeneratedFileIsCheckedInAsTheChartRendersIt() throws Exception {
    assertThat(files(regenerated)).as("files " + REGENERATE + " writes").hasSizeGreaterThan(15);
    assertThat(differences(regenerated, Launch.HOME))
        .as("checked-in files that differ from the chart's rendering; run " + REGENERATE)
        .isEmpty();
  }

  /** The comparison can fail: one byte edited by hand is a difference. */
  @Test
  void aFileEditedByHandIsADifference() throws Exception {
    Path copy = Files.createTempDirectory("edited-install");
    for (String file : files(regenerated)) {
      Files.createDirectories(copy.resolve(file).getParent());
      Files.copy(regenerated.resolve(file), copy.resolve(file));
    }
    Path edited = copy.resolve("webhook/validating-webhook.yaml");
    Files.writeString(
        edited, Files.readString(edited).replace("failurePolicy: Fail", "failurePolicy: Ignore"));
    Files.delete(copy.resolve("jobs/db-init-job.yaml"));
    assertThat(differences(regenerated, copy))
        .containsExactly("jobs/db-init-job.yaml", "webhook/validating-webhook.yaml");
  }

  /**
   * The generated files under {@code generated} that {@code checkedIn} lacks or holds otherwise.
   */
  private static List<String> differences(Path generated, Path checkedIn) throws IOException {
    List<String> differing = new ArrayList<>();
    for (String file : files(generated)) {
      Path other = checkedIn.resolve(file);
      if (!Files.exists(other) || Files.mismatch(generated.resolve(file), other) != -1) {
        differing.add(file);
      }
    }
    return differing;
  }

  /** A manifest added by hand, or one the generator no longer writes, is found. */
  @Test
  void everyOtherFileIsWrittenByHand() throws Exception {
    Set<String> other = files(Launch.HOME);
    other.removeAll(files(regenerated));
    assertThat(other)
        .as(
            "files under k8s/, webhook/ and jobs/ that "
                + REGENERATE
                + " does not write (render them from the chart, or delete them)")
        .isEqualTo(BY_HAND);
  }

  @Test
  void everyGeneratedFileSaysSoInItsFirstLine() throws Exception {
    for (String file : files(regenerated)) {
      assertThat(Files.readAllLines(regenerated.resolve(file)).get(0)).as(file).isEqualTo(HEADER);
    }
  }

  /** The files under k8s/, webhook/ and jobs/ of a directory, relative to it. */
  private static Set<String> files(Path root) throws IOException {
    Set<String> files = new TreeSet<>();
    for (String tree : TREES) {
      Path dir = root.resolve(tree);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).forEach(f -> files.add(root.relativize(f).toString()));
      }
    }
    return files;
  }
}
