package io.harborhaguard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closed-loop HTTPS load: {@code concurrency} workers, each on its own kept-alive connection,
 * POST one body back to back for {@code seconds}. Reports requests/s, p50/p90/p99/max, errors
 * and, given the server's pid, its CPU time per request (from /proc, user + system).
 * Usage: {@code LoadDriver URL BODY_FILE CONCURRENCY SECONDS [SERVER_PID]}.
 */
public final class LoadDriver {

  /** One run's figures. */
  public record Result(double rps, double p50, double p90, double p99, double max, long errors, double cpuMsPerRequest) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.0f req/s, p50 %.2f ms, p90 %.2f, p99 %.2f, max %.1f, errors %d, cpu %.3f ms/req",
          rps, p50, p90, p99, max, errors, cpuMsPerRequest);
    }
  }

  private LoadDriver() {}

  public static void main(String[] args) throws Exception {
    Result result = run(URI.create(args[0]), Files.readAllBytes(Path.of(args[1])), Integer.parseInt(args[2]),
        Duration.ofSeconds(Long.parseLong(args[3])), args.length > 4 ? Long.parseLong(args[4]) : -1);
    System.out.println(result);
  }

  public static Result run(URI uri, byte[] body, int concurrency, Duration duration, long serverPid) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    for (int i = 0; i < 200; i++) { // warm-up, not counted
      client().send(request, HttpResponse.BodyHandlers.discarding());
    }
    long cpuBefore = cpuNanos(serverPid);
    long end = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<long[]>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      workers.add(pool.submit(() -> {
        HttpClient client = client();
        long[] samples = new long[1 << 20];
        int n = 0;
        long errors = 0;
        while (System.nanoTime() < end && n < samples.length - 1) {
          long t = System.nanoTime();
          try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
              errors++;
            }
          } catch (Exception e) {
            errors++;
          }
          samples[n++] = System.nanoTime() - t;
        }
        long[] out = Arrays.copyOf(samples, n + 1);
        out[n] = errors;
        return out;
      }));
    }
    List<Long> all = new ArrayList<>();
    long errors = 0;
    for (Future<long[]> worker : workers) {
      long[] samples = worker.get();
      for (int i = 0; i < samples.length - 1; i++) {
        all.add(samples[i]);
      }
      errors += samples[samples.length - 1];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long cpu = cpuNanos(serverPid) - cpuBefore;
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(sorted.length / seconds, pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6, errors, serverPid > 0 ? cpu / 1e6 / sorted.length : Double.NaN);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** utime + stime of a process, in nanoseconds (Linux /proc, clock ticks of 10 ms). */
  static long cpuNanos(long pid) throws Exception {
    if (pid <= 0) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 10_000_000L;
  }

  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(io.harborhaguard.testing.TrustAll.context()).build();
  }
}
