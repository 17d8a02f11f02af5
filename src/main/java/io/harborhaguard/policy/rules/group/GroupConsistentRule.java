package io.harborhaguard.policy.rules.group;

import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.time.Instant;

/** Every release of an HA group signs tokens and CSRF cookies with the same keys. */
public final class GroupConsistentRule implements Rule {

  public static final String ID = "HA-GROUP-CONSISTENT";

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          ID,
          "every release of an HA group uses the group's token key, CSRF key and shared secrets",
          "Behind one load balancer (or across two data centres) a token signed by one core is"
              + " refused by another, and a CSRF cookie set by one is rejected by the next, unless every"
              + " release shares the keys; so must secretKey (credentials in the shared database),"
              + " core.secret and jobservice.secret (the members run each other's jobs),"
              + " registry.secret (upload state across registry pods), the registry credentials and"
              + " the Harbor version (a warning: upgrades reach one member after another). The guard"
              + " compares SHA-256 fingerprints, never the keys; a key a member leaves unset is not"
              + " compared (HA-SECRETS-PINNED names it in lint of several files).",
          "every chart version; the group comes from harbor-ha-guard.ha-group.\"<group>\""
              + ".namespaces or the namespace annotation harbor-ha-guard.io/ha-group",
          Scope.HA_GROUP,
          Mode.ENFORCE,
          "",
          false);

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  /** {@code what} (the token key, the CSRF key) differs from the group's pin. */
  public Violation differs(
      String group, String what, String valuesKey, String pinnedBy, Instant at) {
    return violation(
        subject(group),
        valuesKey,
        what
            + " differs from HA group "
            + Echo.quoted(group)
            + " (pinned by release "
            + pinnedBy
            + " on "
            + at
            + ")",
        "use the same key as the group, or re-pin the group deliberately with the namespace"
            + " annotation harbor-ha-guard.io/repin=<timestamp>.");
  }

  /**
   * The release's chart version differs from the one pinned with the group. Advisory: an upgrade
   * reaches one member after another, so the group runs two versions for a while.
   */
  public Violation versionDiffers(String group, String version, String pinnedBy, Instant at) {
    return new Violation(
        ID,
        subject(group),
        "",
        "chart "
            + Echo.value(version)
            + " is not the Harbor version HA group "
            + Echo.quoted(group)
            + " pinned (by release "
            + pinnedBy
            + " on "
            + at
            + "): members sharing a database must run one Harbor version",
        "upgrade every member of the group to one chart version, then re-pin the group with the"
            + " namespace annotation harbor-ha-guard.io/repin=<timestamp>.",
        true);
  }

  /** The store or a key Secret cannot be reached, and on-failure says refuse. */
  public Violation cannotCheck(String group, String reason) {
    return violation(
        subject(group),
        "",
        "HA group " + Echo.quoted(group) + ": cannot be checked: " + Echo.value(reason),
        "retry when it is reachable, or set harbor-ha-guard.ha-group-store.on-failure=allow.");
  }

  /** A key Secret the release names does not exist or lacks its key. */
  public Violation missingKey(String group, String valuesKey, String problem) {
    return violation(
        subject(group),
        valuesKey,
        "HA group " + Echo.quoted(group) + ": " + problem,
        "create it, then run helm again.");
  }

  /** The namespace annotation names a group that is not a valid name. */
  public Violation badGroupName(String group, String problem) {
    return violation(
        subject(group),
        "",
        "HA group " + Echo.quoted(group) + ": " + problem,
        "fix the namespace annotation harbor-ha-guard.io/ha-group.");
  }

  private static String subject(String group) {
    return "HA group " + Echo.value(group);
  }
}
