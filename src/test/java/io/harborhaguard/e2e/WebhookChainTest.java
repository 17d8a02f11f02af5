package io.harborhaguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Ports;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The stand-in's admission against the shipped configurations, with no guard listening: what
 * matches must follow its failurePolicy, what does not match must never reach the guard, and a
 * setting the stand-in cannot evaluate must fail instead of being ignored.
 */
class WebhookChainTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Kind SECRETS = Kind.byResource("v1", "secrets").orElseThrow();

  private static WebhookChain shippedChainToNowhere() throws Exception {
    return chain(Launch.HOME.resolve("webhook/validating-webhook.yaml"));
  }

  private static WebhookChain chain(Path validating) throws Exception {
    return new WebhookChain(
        Launch.HOME.resolve("webhook/mutating-webhook.yaml"),
        validating,
        URI.create("https://localhost:" + Ports.freePort()),
        SSLContext.getDefault());
  }

  private static ObjectNode object(String type, String... labels) {
    ObjectNode object = NODES.objectNode();
    ObjectNode labelNode = object.putObject("metadata").put("name", "x").putObject("labels");
    for (int i = 0; i < labels.length; i += 2) {
      labelNode.put(labels[i], labels[i + 1]);
    }
    if (type != null) {
      object.put("type", type);
    }
    return object;
  }

  private static JsonNode namespace(String name, boolean failClosed) {
    ObjectNode labels = NODES.objectNode().put("kubernetes.io/metadata.name", name);
    if (failClosed) {
      labels.put("harbor-ha-guard.io/fail-closed", "true");
    }
    return labels;
  }

  private static WebhookChain.Request create(Kind kind, ObjectNode object) {
    return new WebhookChain.Request(kind, "CREATE", "harbor", "x", object, null, false, "helm");
  }

  @Test
  void releaseRecordInAFailClosedNamespaceIsRefusedWhenTheGuardIsDown() throws Exception {
    ObjectNode record = object("helm.sh/release.v1", "owner", "helm");

    assertThatThrownBy(
            () -> shippedChainToNowhere().admit(create(SECRETS, record), namespace("harbor", true)))
        .isInstanceOfSatisfying(
            WebhookChain.Refused.class,
            refused -> {
              assertThat(refused.code).isEqualTo(500);
              assertThat(refused.getMessage())
                  .contains("failed calling webhook \"gated-releases.harbor-ha-guard.io\"")
                  .contains("connection refused");
            });
  }

  @Test
  void releaseRecordElsewhereGoesThroughWhenTheGuardIsDown() throws Exception {
    ObjectNode record = object("helm.sh/release.v1", "owner", "helm");

    WebhookChain.Admitted admitted =
        shippedChainToNowhere().admit(create(SECRETS, record), namespace("apps", false));

    assertThat(admitted.object()).isEqualTo(record);
  }

  @Test
  void whatNoWebhookSelectsNeverReachesTheGuard() throws Exception {
    WebhookChain chain = shippedChainToNowhere();
    JsonNode gated = namespace("harbor", true);
    // Each would be refused (fail closed, guard down) if a release webhook matched it.
    chain.admit(create(SECRETS, object("Opaque", "owner", "helm")), gated);
    chain.admit(create(SECRETS, object("helm.sh/release.v1")), gated);
    chain.admit(
        create(SECRETS, object("helm.sh/release.v1", "owner", "helm")),
        namespace("kube-system", true));
  }

  @Test
  void anExpressionTheStandInCannotEvaluateFailsLoudly() throws Exception {
    Path validating = Files.createTempFile("validating", ".yaml");
    Files.writeString(
        validating,
        Files.readString(Launch.HOME.resolve("webhook/validating-webhook.yaml"))
            .replace(
                "has(object.type) && object.type == 'helm.sh/release.v1'",
                "object.type.startsWith('helm.sh/')"));

    assertThatThrownBy(
            () ->
                chain(validating)
                    .admit(
                        create(SECRETS, object("helm.sh/release.v1", "owner", "helm")),
                        namespace("apps", false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot evaluate");
  }
}
