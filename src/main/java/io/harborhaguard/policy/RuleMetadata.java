package io.harborhaguard.policy;

import java.util.Locale;

/**
 * What the catalogue says of one rule, in one place: the docs, {@code rules}, SARIF and the
 * engine's default all read it from here.
 *
 * @param id stable identifier, e.g. {@code HA-DB-EXTERNAL}; used in configuration and annotations
 * @param title one line: what the rule requires
 * @param rationale why the rule exists: what breaks in production without it
 * @param eras which chart versions (or installer files, API versions) the rule covers and which
 *     keys it reads in each
 * @param scope what the rule judges
 * @param defaultMode the mode it runs in unless configuration or a namespace annotation says
 *     otherwise
 * @param fix one line for the reference: what the safe fix changes; empty when there is none
 * @param exemptible whether a release's findings of this rule may be exempted (reason and expiry);
 *     the rules whose findings no reason can accept say false (docs/decisions.md)
 */
public record RuleMetadata(
    String id,
    String title,
    String rationale,
    String eras,
    Scope scope,
    Mode defaultMode,
    String fix,
    boolean exemptible) {

  /** A rule whose findings may be exempted, as most are. */
  public RuleMetadata(
      String id,
      String title,
      String rationale,
      String eras,
      Scope scope,
      Mode defaultMode,
      String fix) {
    this(id, title, rationale, eras, scope, defaultMode, fix, true);
  }

  /** What a rule reads; the catalogue's {@code scope} column. */
  public enum Scope {
    VALUES("chart values"),
    VALUES_SECRETS("chart values and the Secrets they name"),
    RELEASE_RECORD("Helm release record"),
    HA_GROUP("HA group"),
    INSTALLER_NODE("installer node"),
    INSTALLER_NODES("installer nodes"),
    REPLICATION_PAIR("replication pair");

    private final String label;

    Scope(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
