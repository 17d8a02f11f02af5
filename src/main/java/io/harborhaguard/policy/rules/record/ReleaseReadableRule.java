package io.harborhaguard.policy.rules.record;

import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;

/** A Harbor release record the guard cannot decode is not admitted unjudged. */
public final class ReleaseReadableRule implements Rule {

  public static final String ID = "HA-RELEASE-READABLE";

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          ID,
          "the Helm release record can be read",
          "A record the guard cannot decode (bad base64 or gzip, not JSON, larger than"
              + " harbor-ha-guard.max-release-bytes decompressed) cannot be judged; admitting it would"
              + " let any values through unseen.",
          "every Helm 3 and Helm 4 release record (Secret type helm.sh/release.v1)",
          Scope.RELEASE_RECORD,
          Mode.ENFORCE,
          "",
          false);

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  /** The record in Secret {@code namespace/name} could not be read, for {@code reason}. */
  public Violation unreadable(String namespace, String name, String reason) {
    String secret = namespace + "/" + name;
    return violation(
        "Secret " + secret,
        "",
        "the Helm release in Secret " + secret + " could not be read: " + Echo.value(reason),
        "install it again with Helm 3 or 4; the guard cannot judge this record.");
  }
}
