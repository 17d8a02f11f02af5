package io.harborhaguard.policy.rules.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.RealServers;
import io.harborhaguard.testing.TestRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What HA-SECRETS-PINNED prevents, on real servers: two Debian docker-registry processes (the
 * distribution registry Harbor's registry pods run) on one filesystem storage root behind HAProxy
 * balancing each request round-robin, as a Service does across registry pods. Each registry gets
 * the {@code REGISTRY_HTTP_SECRET} the chart renders from the values of one HA group member; skopeo
 * pushes a generated image through HAProxy. The upload state a registry returns is signed with its
 * secret, so the next request of the same upload, sent to the other registry, is refused unless
 * both have the same secret: exactly the group layouts the rule refuses and admits.
 */
class RegistryUploadStateIT {

  @TempDir Path dir;

  @Test
  void differentRegistrySecretsBreakEveryPushAndTheRuleRefusesThatGroup() throws Exception {
    HarborValues dc1 = SecretsPinnedRuleTest.values("group-dc1@1.19.1.yaml");
    HarborValues dc2 = SecretsPinnedRuleTest.values("group-dc2-other-registry-secret@1.19.1.yaml");

    List<Finding> findings = judge(dc1, dc2);
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.refuses()).isTrue();
              assertThat(f.violation().valuesKey()).isEqualTo("registry.secret");
            });

    Commands.Result push = pushThroughTwoRegistries(dc1, dc2);
    assertThat(push.exit()).as(push.output()).isNotZero();
    assertThat(push.output()).contains("blob upload invalid");
  }

  @Test
  void oneRegistrySecretAcrossTheGroupPushesAndTheRuleAdmitsIt() throws Exception {
    HarborValues dc1 = SecretsPinnedRuleTest.values("group-dc1@1.19.1.yaml");
    HarborValues dc2 = SecretsPinnedRuleTest.values("group-dc2@1.19.1.yaml");

    assertThat(judge(dc1, dc2)).isEmpty();

    Commands.Result push = pushThroughTwoRegistries(dc1, dc2);
    assertThat(push.exit()).as(push.output()).isZero();
    assertThat(push.output()).contains("Writing manifest to image destination");
  }

  private static List<Finding> judge(HarborValues a, HarborValues b) {
    SecretsPinnedRule rule = new SecretsPinnedRule();
    return TestRules.engine()
        .findings(
            rule,
            rule.acrossReleases(List.of(a, b), PolicySettings.defaults()),
            PolicySettings.defaults(),
            Map.of());
  }

  /** skopeo copy of a generated image to HAProxy in front of one registry per member. */
  private Commands.Result pushThroughTwoRegistries(HarborValues a, HarborValues b)
      throws Exception {
    Path storage = Files.createDirectories(dir.resolve("storage"));
    Path image = ociImage(dir.resolve("image"));
    List<Process> registries = new ArrayList<>();
    try (RealServers servers = new RealServers()) {
      int portA = Ports.freePort();
      registries.add(registry(storage, portA, a.text("registry.secret"), "a"));
      int portB = Ports.freePort();
      registries.add(registry(storage, portB, b.text("registry.secret"), "b"));
      Ports.awaitListening(portA, Duration.ofSeconds(20));
      Ports.awaitListening(portB, Duration.ofSeconds(20));
      int front = Ports.freePort();
      servers.haproxy(
          String.join(
              "\n",
              "defaults",
              "  mode http",
              "  timeout connect 2s",
              "  timeout client 30s",
              "  timeout server 30s",
              "frontend registry",
              "  bind 127.0.0.1:" + front,
              "  default_backend pods",
              "backend pods",
              "  balance roundrobin",
              "  server a 127.0.0.1:" + portA,
              "  server b 127.0.0.1:" + portB,
              ""),
          front);
      return Commands.run(
          List.of(
              RealServers.binary("skopeo"),
              "--insecure-policy",
              "copy",
              "--dest-tls-verify=false",
              "oci:" + image + ":v1",
              "docker://127.0.0.1:" + front + "/library/app:v1"),
          null,
          Map.of("HOME", dir.toString()),
          dir);
    } finally {
      for (Process registry : registries) {
        registry.destroy();
        registry.waitFor();
      }
    }
  }

  /** A registry as Harbor's pods run it: the secret from the environment, shared storage. */
  private Process registry(Path storage, int port, String secret, String name) throws Exception {
    Path config = dir.resolve("registry-" + name + ".yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log: {level: info}",
            "storage:",
            "  filesystem: {rootdirectory: " + storage + "}",
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""));
    return Commands.start(
        List.of(RealServers.binary("docker-registry"), "serve", config.toString()),
        dir.resolve("registry-" + name + ".log"),
        Map.of("REGISTRY_HTTP_SECRET", secret),
        dir);
  }

  /** An OCI image layout of three random 1 MiB layers, a config and a manifest tagged v1. */
  private static Path ociImage(Path layout) throws Exception {
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    Random random = new Random(42);
    StringBuilder layers = new StringBuilder();
    StringBuilder diffIds = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      byte[] layer = new byte[1 << 20];
      random.nextBytes(layer);
      String digest = blob(blobs, layer);
      layers
          .append(i == 0 ? "" : ",")
          .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"")
          .append(digest)
          .append("\",\"size\":")
          .append(layer.length)
          .append('}');
      diffIds.append(i == 0 ? "" : ",").append('"').append(digest).append('"');
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds
                + "]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + blob(blobs, config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":["
                + layers
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    Files.writeString(
        layout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
            + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
            + blob(blobs, manifest)
            + "\",\"size\":"
            + manifest.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    return layout;
  }

  private static String blob(Path blobs, byte[] content) throws Exception {
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    Files.write(blobs.resolve(hex), content);
    return "sha256:" + hex;
  }
}
