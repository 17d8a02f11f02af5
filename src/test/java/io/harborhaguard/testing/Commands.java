package io.harborhaguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way the tests run a program: {@link #run} waits for it and returns its exit and output;
 * {@link #start} leaves a server running with its output in a log file.
 */
public final class Commands {

  /** How long {@link #run} waits before it kills the program and fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

  public record Result(int exit, String stdout, String stderr) {
    /** stdout then stderr, for messages. */
    public String output() {
      return stdout + stderr;
    }
  }

  private Commands() {}

  /** Runs {@code command} in the current folder, with no input and the test's environment. */
  public static Result run(String... command) throws IOException, InterruptedException {
    return run(List.of(command), null, Map.of(), Path.of(""));
  }

  /** Runs {@code command} and fails the test unless it exits 0; returns stdout then stderr. */
  public static String ok(String... command) throws IOException, InterruptedException {
    return ok(List.of(command), Path.of(""));
  }

  /** {@link #ok(String...)} in {@code dir}. */
  public static String ok(List<String> command, Path dir) throws IOException, InterruptedException {
    Result result = run(command, null, Map.of(), dir);
    assertThat(result.exit()).as(String.join(" ", command) + ":\n" + result.output()).isZero();
    return result.output();
  }

  /**
   * Runs {@code command} in {@code dir} with {@code stdin} (none when null) and {@code env} added
   * to the test's environment; a value of null removes that variable.
   */
  public static Result run(List<String> command, byte[] stdin, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    return run(command, stdin, env, dir, TIMEOUT);
  }

  /** {@link #run(List, byte[], Map, Path)}, killed and failed after {@code timeout}. */
  public static Result run(
      List<String> command, byte[] stdin, Map<String, String> env, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("stdout", ".txt");
    Path err = Files.createTempFile("stderr", ".txt");
    Path in = Files.createTempFile("stdin", ".txt");
    try {
      Files.write(in, stdin == null ? new byte[0] : stdin);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toAbsolutePath().toFile())
              .redirectInput(in.toFile())
              // Appending, as a terminal or a pipe would: a child that writes to its parent's
              // stderr (the Helm 4 plugin does) must not overwrite the parent's own lines.
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
              .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
      environment(builder, env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      Files.deleteIfExists(in);
    }
  }

  /** Starts a long-running program with stdout and stderr in {@code log}; the caller stops it. */
  public static Process start(List<String> command, Path log) throws IOException {
    return start(command, log, Map.of(), Path.of(""));
  }

  /** {@link #start(List, Path)} in {@code dir}, with {@code env} as in {@link #run}. */
  public static Process start(List<String> command, Path log, Map<String, String> env, Path dir)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toAbsolutePath().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    environment(builder, env);
    return builder.start();
  }

  /** {@link #start(List, Path, Map, Path)} with stdout and stderr in files of their own. */
  public static Process start(
      List<String> command, Path stdout, Path stderr, Map<String, String> env, Path dir)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toAbsolutePath().toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    environment(builder, env);
    return builder.start();
  }

  private static void environment(ProcessBuilder builder, Map<String, String> env) {
    env.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
  }
}
