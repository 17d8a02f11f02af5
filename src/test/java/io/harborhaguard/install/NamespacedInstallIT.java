package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.packaged.HelmTool;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The namespaced install (k8s/overlays/namespaced), rendered from the chart for one list of Harbor
 * namespaces (k8s/overlays/namespaced/generate, which runs bin/generate-install), builds with
 * kubectl kustomize and grants exactly this and nothing more.
 */
class NamespacedInstallIT {

  private static final Path KUBECTL = Path.of(".tools/helm3/kubectl");
  private static final Path GENERATE = Path.of("bin/generate-install").toAbsolutePath();

  /** Every grant of the cluster-wide roles the install keeps, besides the listed namespaces'. */
  private static final Set<String> FIXED =
      Set.of(
          "Role harbor-ha-guard: /configmaps get",
          "Role harbor-ha-guard: /configmaps create",
          "Role harbor-ha-guard: /configmaps update",
          "Role harbor-ha-guard: /secrets get [harbor-ha-guard-tls-ca, harbor-ha-guard-tls]",
          "Role harbor-ha-guard: /secrets create",
          "Role harbor-ha-guard: /secrets update [harbor-ha-guard-tls-ca, harbor-ha-guard-tls]",
          "ClusterRole : admissionregistration.k8s.io/validatingwebhookconfigurations get"
              + " [harbor-ha-guard]",
          "ClusterRole : admissionregistration.k8s.io/validatingwebhookconfigurations update"
              + " [harbor-ha-guard]",
          "ClusterRole : admissionregistration.k8s.io/mutatingwebhookconfigurations get"
              + " [harbor-ha-guard]",
          "ClusterRole : admissionregistration.k8s.io/mutatingwebhookconfigurations update"
              + " [harbor-ha-guard]");

  @Test
  void grantsOnlyInTheListedNamespaces() throws Exception {
    Path copy = copyOfK8s();
    generate(copy.getParent(), "harbor,harbor-dr");
    List<JsonNode> objects =
        Manifests.parse(
            run(KUBECTL.toString(), "kustomize", copy.resolve("overlays/namespaced").toString()));

    Set<String> expected = new TreeSet<>(FIXED);
    for (String ns : List.of("harbor", "harbor-dr")) {
      for (String verb : List.of("get", "list", "watch")) {
        expected.add("Role " + ns + ": /secrets " + verb);
      }
      expected.add("Role " + ns + ": batch/jobs create");
      expected.add("Role " + ns + ": /events create");
      expected.add("Role " + ns + ": /configmaps list");
      expected.add("Role " + ns + ": /configmaps watch");
      expected.add("Role " + ns + ": apps/deployments get");
      expected.add("Role " + ns + ": apps/statefulsets get");
      for (String verb : List.of("get", "create", "update")) {
        expected.add("Role " + ns + ": wgpolicyk8s.io/policyreports " + verb);
      }
    }
    expected.add("ClusterRole : /namespaces get [harbor, harbor-dr]");
    assertThat(grants(objects)).isEqualTo(expected);

    JsonNode deployment =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    assertThat(deployment.at("/spec/template/spec/containers/0/env").toString())
        .contains("{\"name\":\"HARBOR_HA_GUARD_WATCH_NAMESPACES\",\"value\":\"harbor,harbor-dr\"}")
        .as("the release watcher, trigger and audit scan run")
        .doesNotContain("HARBOR_HA_GUARD_JOBS_TRIGGER")
        .doesNotContain("HARBOR_HA_GUARD_AUDIT_INTERVAL");
    assertThat(objects)
        .filteredOn(o -> o.path("kind").asText().endsWith("Binding"))
        .allSatisfy(b -> assertThat(b.at("/roleRef/name").asText()).isNotEqualTo("cluster-admin"));
  }

  @Test
  void aNameThatIsNotANamespaceIsRefused() throws Exception {
    Path out = Files.createTempDirectory("install");
    Commands.Result generate =
        Commands.run(
            GENERATE.toString(), "--out", out.toString(), "--namespaces", "harbor,Harbor_NS");
    String output = generate.output();
    assertThat(generate.exit()).as(output).isEqualTo(2);
    assertThat(output).contains("'Harbor_NS' is not a namespace name");
    try (Stream<Path> written = Files.list(out)) {
      assertThat(written).as("nothing written").isEmpty();
    }
  }

  /** One line per granted verb: {@code Kind namespace: group/resource verb [names]}. */
  private static Set<String> grants(List<JsonNode> objects) {
    Set<String> grants = new TreeSet<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
        continue;
      }
      for (JsonNode rule : o.path("rules")) {
        List<String> names = new ArrayList<>();
        rule.path("resourceNames").forEach(n -> names.add(n.asText()));
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              grants.add(
                  kind
                      + " "
                      + o.at("/metadata/namespace").asText()
                      + ": "
                      + group.asText()
                      + "/"
                      + resource.asText()
                      + " "
                      + verb.asText()
                      + (names.isEmpty() ? "" : " " + names));
            }
          }
        }
      }
    }
    return grants;
  }

  /** k8s/ and webhook/ copied side by side, as the base's relative paths expect. */
  private static Path copyOfK8s() throws IOException {
    Path root = Files.createTempDirectory("install");
    for (String tree : List.of("k8s", "webhook")) {
      try (Stream<Path> files = Files.walk(Path.of(tree))) {
        for (Path file : files.toList()) {
          Path to = root.resolve(file.toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to);
          }
        }
      }
    }
    return root.resolve("k8s");
  }

  /** bin/generate-install --namespaces into a copy, with the pinned Helm 3. */
  private static void generate(Path root, String namespaces) throws Exception {
    Commands.Result result =
        Commands.run(
            List.of(GENERATE.toString(), "--out", root.toString(), "--namespaces", namespaces),
            null,
            Map.of("HELM", HelmTool.binary("3").toAbsolutePath().toString()),
            Path.of(""));
    assertThat(result.exit()).as("generate-install: " + result.output()).isZero();
  }

  private static String run(String... command) throws Exception {
    return Commands.ok(command);
  }
}
