package io.harborhaguard.cli;

/**
 * The launcher starts the JVM with an AOT cache (JDK 25 or later) or a class-data sharing archive
 * (JDK 17) and names it in {@code harborhaguard.launcher.archive} (outside the application's
 * configuration, which refuses unknown keys of its own). A JVM that cannot use the file (another
 * JVM build wrote it, or it is damaged) starts without it and, told by the launcher to keep quiet,
 * says nothing: this one line on stderr says so, and the start goes on.
 */
final class Archive {

  static final String PROPERTY = "harborhaguard.launcher.archive";

  private Archive() {}

  /** Prints the one line when the named archive is not mapped; returns whether it printed. */
  static boolean reportUnused() {
    String archive = System.getProperty(PROPERTY);
    if (archive == null || archive.isEmpty() || inUse(System.getProperty("java.vm.info"))) {
      return false;
    }
    System.err.println(
        "harbor-ha-guard: the archive "
            + archive
            + " does not match this JVM ("
            + System.getProperty("java.vm.version")
            + "); starting without it");
    return true;
  }

  /** The VM reports {@code sharing} in {@code java.vm.info} while it has an archive mapped. */
  static boolean inUse(String vmInfo) {
    return vmInfo != null && vmInfo.contains("sharing");
  }
}
