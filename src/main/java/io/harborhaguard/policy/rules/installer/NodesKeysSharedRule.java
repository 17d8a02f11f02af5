package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/** Every node holds the same secretkey, token key pair and CSRF key. */
public final class NodesKeysSharedRule implements InstallerSiteRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-NODES-KEYS-SHARED",
          "the installer nodes hold the same secretkey, token key pair and CSRF key",
          "secretkey decrypts the credentials stored in the shared database; the token key signs"
              + " tokens every node must accept, and its certificate must belong to it; prepare"
              + " regenerates CSRF_KEY on every run, so a node that ran it alone rejects the others'"
              + " logins. The guard compares SHA-256 fingerprints, never the keys.",
          "<data_volume>/secret/keys/secretkey (secretkey_path in harbor.cfg),"
              + " secret/core/private_key.pem and secret/registry/root.crt, common/config/core/env"
              + " CSRF_KEY",
          Scope.INSTALLER_NODES,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(List<InstallerNode> nodes) {
    List<Violation> violations = new ArrayList<>();
    String copy = "copy it from one node to every other node and restart Harbor there.";
    differs(
            nodes,
            InstallerNode.SECRET_KEY,
            "secretkey",
            n -> n.keys().secretKey(),
            NodesKeysSharedRule::fingerprint,
            copy)
        .ifPresent(violations::add);
    differs(
            nodes,
            InstallerNode.TOKEN_KEY,
            "the token signing key (private_key.pem)",
            n -> n.keys().tokenKey(),
            NodesKeysSharedRule::fingerprint,
            "copy private_key.pem and root.crt from one node to every other node.")
        .ifPresent(violations::add);
    differs(
            nodes,
            InstallerNode.TOKEN_CERT,
            "the token certificate (root.crt)",
            n -> n.keys().tokenCert(),
            NodesKeysSharedRule::fingerprint,
            "copy private_key.pem and root.crt from one node to every other node.")
        .ifPresent(violations::add);
    differs(
            nodes,
            InstallerNode.CORE_ENV,
            "CSRF_KEY",
            n -> n.keys().csrfKey(),
            NodesKeysSharedRule::fingerprint,
            "copy common/config/core/env's CSRF_KEY to every node after every prepare run.")
        .ifPresent(violations::add);
    for (InstallerNode node : nodes) {
      if (node.keys().certMatchesKey().orElse(true)) {
        continue;
      }
      violations.add(
          violation(
              "node " + node.name(),
              InstallerNode.TOKEN_CERT,
              "node "
                  + node.name()
                  + "'s root.crt does not belong to its private_key.pem:"
                  + " the registry rejects every token core signs",
              "copy the matching pair (private_key.pem with its root.crt) to the node."));
    }
    return violations;
  }

  private static String fingerprint(String sha256) {
    return "sha256 " + sha256.substring(0, 12);
  }
}
