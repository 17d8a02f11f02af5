package io.harborhaguard.policy.rules.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.InstallerNodes;
import io.harborhaguard.tls.Certificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Key files made here (the JDK's RSA keys, certificates by the guard's own encoder). */
class NodesKeysSharedRuleTest {

  private final NodesKeysSharedRule check = new NodesKeysSharedRule();

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.7.0", "1.10.0", "2.15.0"})
  void nodesWithCopiedKeysAgree(String release) throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    List<InstallerNode> nodes =
        List.of(
            InstallerNode.read(InstallerNodes.haNode(site, "n1", release, keys)),
            InstallerNode.read(InstallerNodes.haNode(site, "n2", release, keys)));
    assertThat(check.check(nodes)).isEmpty();
  }

  @Test
  void aPrepareRunOnOneNodeIsNamedWithoutTheKeys() throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    InstallerNodes.Keys afterPrepare =
        new InstallerNodes.Keys(
            keys.secretKey(), keys.token(), InstallerNodes.Keys.fresh().csrfKey());
    List<InstallerNode> nodes =
        List.of(
            InstallerNode.read(InstallerNodes.haNode(site, "n1", "2.15.0", keys)),
            InstallerNode.read(InstallerNodes.haNode(site, "n2", "2.15.0", afterPrepare)));
    List<Violation> found = check.check(nodes);
    assertThat(found).extracting(Violation::valuesKey).containsExactly(InstallerNode.CORE_ENV);
    assertThat(found.get(0).message())
        .startsWith("CSRF_KEY differs between the nodes (n1: sha256 ")
        .doesNotContain(keys.csrfKey())
        .doesNotContain(afterPrepare.csrfKey());
  }

  @Test
  void anotherTokenKeyPairAndSecretKeyAreNamed() throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    InstallerNodes.Keys other = InstallerNodes.Keys.fresh();
    List<InstallerNode> nodes =
        List.of(
            InstallerNode.read(InstallerNodes.haNode(site, "n1", "1.10.0", keys)),
            InstallerNode.read(
                InstallerNodes.haNode(
                    site,
                    "n2",
                    "1.10.0",
                    new InstallerNodes.Keys(other.secretKey(), other.token(), keys.csrfKey()))));
    assertThat(check.check(nodes))
        .extracting(Violation::valuesKey)
        .containsExactly(
            InstallerNode.SECRET_KEY, InstallerNode.TOKEN_KEY, InstallerNode.TOKEN_CERT);
  }

  @Test
  void aCertificateOfAnotherKeyIsNamed() throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    Certificates.Issued other = InstallerNodes.Keys.fresh().token();
    Path n1 = InstallerNodes.haNode(site, "n1", "2.15.0", keys);
    Path n2 = InstallerNodes.haNode(site, "n2", "2.15.0", keys);
    for (Path node : List.of(n1, n2)) {
      Files.writeString(node.resolve(InstallerNode.TOKEN_CERT), other.certificatePem());
    }
    assertThat(check.check(List.of(InstallerNode.read(n1), InstallerNode.read(n2))))
        .extracting(Violation::message)
        .anyMatch(m -> m.contains("n1's root.crt does not belong to its private_key.pem"))
        .anyMatch(m -> m.contains("n2's root.crt does not belong to its private_key.pem"));
  }
}
