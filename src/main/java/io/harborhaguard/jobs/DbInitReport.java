package io.harborhaguard.jobs;

import java.util.List;
import java.util.Optional;

/** What db-init did: one outcome per database, or why it could not start. */
public record DbInitReport(
    String run,
    String sslmode,
    List<Outcome> databases,
    Optional<String> error,
    Optional<DbPreflight> preflight) {

  public DbInitReport(String run, String sslmode, List<Outcome> databases, Optional<String> error) {
    this(run, sslmode, databases, error, Optional.empty());
  }

  public enum Status {
    CREATED,
    PRESENT,
    FAILED
  }

  public record Outcome(String database, Status status, String reason) {}

  /** The server asked for what db-init never gives (a cleartext password). */
  public boolean refusedCleartext() {
    return error.filter(e -> e.contains(NoCleartextPassword.REFUSED)).isPresent();
  }

  public boolean succeeded() {
    return error.isEmpty() && databases.stream().noneMatch(o -> o.status() == Status.FAILED);
  }
}
