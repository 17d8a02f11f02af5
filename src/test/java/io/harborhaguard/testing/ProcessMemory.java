package io.harborhaguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory as Linux reports it in /proc/PID/status, in bytes. */
public final class ProcessMemory {

  private ProcessMemory() {}

  /** VmRSS: resident now. */
  public static long resident(long pid) throws IOException {
    return field(pid, "VmRSS:");
  }

  /** VmHWM: the most the process was resident at once. */
  public static long peakResident(long pid) throws IOException {
    return field(pid, "VmHWM:");
  }

  private static long field(long pid, String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no " + name + " for process " + pid);
  }
}
