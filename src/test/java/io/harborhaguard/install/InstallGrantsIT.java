package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every RBAC grant the chart makes (every scope, certificate source and trigger setting, and the
 * flavours bin/generate-install renders into the kustomize installs and jobs/) has a row, with its
 * reason, in the grants table of {@link #GRANTS_TABLE}: a grant added without a row fails here.
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
  private static Set<Grants.Grant> rendered;

  @BeforeAll
  static void renderEverything() throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String values : CHART_VALUES) {
      objects.addAll(GuardChart.render("3", "harbor-ha-guard", values));
    }
    for (String flavour : GuardChart.FLAVOUR_NAMES) {
      objects.addAll(GuardChart.renderFlavours("3", flavour));
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
