package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Manifests;
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
 * Every RBAC grant the chart (every scope, certificate source and trigger setting), the kustomize
 * installs and the jobs/ manifests make has a row, with its reason, in the grants table of {@link
 * #GRANTS_TABLE}: a grant added without a row fails here.
 */
class InstallGrantsIT {

  /** The one place the grants table lives. */
  static final Path GRANTS_TABLE = Path.of("SECURITY.md");

  private static final List<String> CHART_VALUES =
      List.of(
          "",
          "rbac: {scope: cluster}",
          "rbac: {scope: cluster}\njobs: {trigger: false}",
          "rbac: {scope: namespaced, namespaces: [harbor, harbor-dr]}",
          "rbac: {scope: namespaced, namespaces: [harbor]}\njobs: {trigger: false}",
          "certificates: {source: certManager}",
          "settingsSync: {enabled: true, harborNamespace: harbor, release: harbor,"
              + " stolonNamespace: harbor-db, redisNamespace: harbor-redis}");
  private static final List<String> OVERLAYS =
      List.of(
          "k8s", "k8s/overlays/cluster", "k8s/overlays/cert-manager", "k8s/overlays/namespaced");

  private static Set<Grants.Grant> rendered;

  @BeforeAll
  static void renderEverything() throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String values : CHART_VALUES) {
      objects.addAll(GuardChart.render("3", "harbor-ha-guard", values));
    }
    for (String overlay : OVERLAYS) {
      Commands.Result kustomize =
          Commands.run(
              List.of(Launch.HOME.resolve(".tools/helm3/kubectl").toString(), "kustomize", overlay),
              null,
              Map.of(),
              Launch.HOME);
      assertThat(kustomize.exit()).as(kustomize.stderr()).isZero();
      objects.addAll(Manifests.parse(kustomize.stdout()));
    }
    try (Stream<Path> files = Files.list(Path.of("jobs"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        objects.addAll(Manifests.parse(Files.readString(file)));
      }
    }
    rendered = Grants.of(objects);
  }

  @Test
  void everyGrantHasARowWithItsReason() throws Exception {
    Grants.Table table = Grants.Table.read(GRANTS_TABLE);
    assertThat(rendered).isNotEmpty();
    assertThat(table.withoutRow(rendered))
        .as("grants without a row in " + GRANTS_TABLE + " (add them with their reason)")
        .isEmpty();
    assertThat(table.rowsWithoutReason()).as("rows without a reason").isEmpty();
  }

  /** The check can fail: one grant more than the installs make has no row. */
  @Test
  void aGrantAddedWithoutARowIsFound() throws Exception {
    Set<Grants.Grant> more = new TreeSet<>(rendered);
    Grants.Grant added = new Grants.Grant("Role harbor-ha-guard", "/pods", "get", "");
    more.add(added);
    assertThat(Grants.Table.read(GRANTS_TABLE).withoutRow(more)).containsExactly(added);
  }
}
