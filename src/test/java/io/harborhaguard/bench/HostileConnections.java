package io.harborhaguard.bench;

import io.harborhaguard.testing.TrustAll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Hostile clients against a running guard (bench/hostile): idle and half-sent TLS connections held
 * open while a well-behaved client's reviews are timed, the guard's RSS read from /proc, and how
 * many connections the guard closed within its timeouts.
 *
 * <p>Usage: {@code HostileConnections PORT PID IDLE HALF_SENT WAIT_SECONDS REVIEW_FILE}
 */
public final class HostileConnections {

  private HostileConnections() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long pid = Long.parseLong(args[1]);
    int idle = Integer.parseInt(args[2]);
    int halfSent = Integer.parseInt(args[3]);
    int waitSeconds = Integer.parseInt(args[4]);
    byte[] review = Files.readAllBytes(Path.of(args[5]));
    SSLContext tls = TrustAll.context();

    List<Long> quiet = latencies(tls, port, review, 50);
    long rssBefore = rssKb(pid);
    List<SSLSocket> held = new ArrayList<>();
    for (int i = 0; i < idle + halfSent; i++) {
      SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
      socket.startHandshake();
      if (i >= idle) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /validate HTTP/1.1\r\nHost: guard\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1000]);
        out.flush();
      }
      held.add(socket);
    }
    long rssHeld = rssKb(pid);
    List<Long> during = latencies(tls, port, review, 50);
    // Time passes as such: the harness reports what the server closed within this window.
    Thread.sleep(waitSeconds * 1000L);
    int closed = 0;
    for (SSLSocket socket : held) {
      closed += closedByServer(socket) ? 1 : 0;
      socket.close();
    }
    long rssAfter = rssKb(pid);
    System.out.printf(
        "| %d idle + %d half-sent | %d of %d closed within %d s | p50 %.2f ms, max %.2f ms"
            + " (quiet: p50 %.2f ms) | %d MB before, %d MB held, %d MB after |%n",
        idle,
        halfSent,
        closed,
        held.size(),
        waitSeconds,
        p50(during),
        max(during),
        p50(quiet),
        rssBefore / 1024,
        rssHeld / 1024,
        rssAfter / 1024);
  }

  private static List<Long> latencies(SSLContext tls, int port, byte[] review, int count)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/mutate"))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("review answered " + response.statusCode());
      }
      nanos.add(System.nanoTime() - start);
    }
    return nanos;
  }

  private static boolean closedByServer(SSLSocket socket) {
    try {
      socket.setSoTimeout(50);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // past any answer to the end
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static double p50(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2) / 1e6;
  }

  private static double max(List<Long> nanos) {
    return Collections.max(nanos) / 1e6;
  }
}
