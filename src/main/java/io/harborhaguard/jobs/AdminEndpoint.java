package io.harborhaguard.jobs;

import java.util.List;
import java.util.Optional;

/**
 * Where db-init may log in with admin credentials (e.g. Stolon's superuser): only an endpoint the
 * administrator put somewhere, never one taken from release values alone. In order: the command
 * line's {@code --host}/{@code --port}; the {@code host}/{@code port} keys of the admin Secret,
 * which the release must then name too; or the release's endpoint when it is on the allow-list
 * ({@code --approved-endpoint}, e.g. from the guard's {@code jobs.db-init-args}).
 */
public final class AdminEndpoint {

  private AdminEndpoint() {}

  /** The endpoint to log in to; an IllegalArgumentException names what was refused and why. */
  public static DbEndpoint choose(
      Optional<DbEndpoint> commandLine,
      Optional<DbEndpoint> adminSecret,
      List<DbEndpoint> allowList,
      DbEndpoint fromRelease,
      String release) {
    if (commandLine.isPresent()) {
      return commandLine.get();
    }
    if (adminSecret.isPresent()) {
      if (!adminSecret.get().equals(fromRelease)) {
        throw refused(
            fromRelease,
            release,
            "the admin Secret names " + adminSecret.get() + " as the server for its credentials");
      }
      return adminSecret.get();
    }
    if (allowList.contains(fromRelease)) {
      return fromRelease;
    }
    throw refused(
        fromRelease,
        release,
        allowList.isEmpty()
            ? "no endpoint is approved for admin credentials"
            : "approved endpoints are " + allowList);
  }

  private static IllegalArgumentException refused(DbEndpoint endpoint, String release, String why) {
    return new IllegalArgumentException(
        "refused: release "
            + release
            + " names database "
            + endpoint
            + ", not an endpoint the administrator approved for admin credentials ("
            + why
            + "); no connection was made. Approve it with --approved-endpoint "
            + endpoint
            + ", keys host/port in the admin Secret, or --host");
  }
}
