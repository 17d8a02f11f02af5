package io.harborhaguard.bench;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.HostileRecords;
import io.harborhaguard.testing.ProcessMemory;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TrustAll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The crafted records of {@link HostileRecords} against a running guard (bench/hostile-records),
 * one after another, each {@code REPEAT} times, beside a real Harbor release review before and
 * after them: the median and the slowest answer of each, the verdict, and the guard's RSS after
 * each record and at its peak.
 *
 * <p>Usage: {@code HostileRecordsBench PORT PID REPEAT}
 */
public final class HostileRecordsBench {

  private HostileRecordsBench() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long pid = Long.parseLong(args[1]);
    int repeat = Integer.parseInt(args[2]);
    HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
    URI validate = URI.create("https://127.0.0.1:" + port + "/validate");
    byte[] normal = BenchBodies.releaseReal();
    System.out.println(
        "| record | inflated | stored | median ms | max ms | answer | RSS after | peak RSS |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    row(client, validate, pid, repeat, "a real Harbor release (release-real)", normal, -1);
    for (HostileRecords.Hostile hostile : HostileRecords.all()) {
      byte[] review =
          Fixtures.JSON.writeValueAsBytes(
              Reviews.releaseSecret(
                  "harbor", "harbor", 1, "pending-install", Fixtures.secretData(hostile.json())));
      row(client, validate, pid, repeat, hostile.name(), review, hostile.json().length);
    }
    row(client, validate, pid, repeat, "a real Harbor release again", normal, -1);
  }

  private static void row(
      HttpClient client, URI validate, long pid, int repeat, String name, byte[] review, long size)
      throws Exception {
    List<Double> millis = new ArrayList<>();
    String answer = "";
    for (int i = 0; i < repeat; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(validate)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      millis.add((System.nanoTime() - start) / 1e6);
      answer = verdict(response.body());
    }
    Collections.sort(millis);
    System.out.printf(
        "| %s | %s | %d KB | %.1f | %.1f | %s | %d MB | %d MB |%n",
        name,
        size < 0 ? "0.6 MB" : String.format("%.1f MB", size / 1048576.0),
        review.length / 1024,
        millis.get(millis.size() / 2),
        millis.get(millis.size() - 1),
        answer,
        ProcessMemory.resident(pid) >> 20,
        ProcessMemory.peakResident(pid) >> 20);
  }

  private static String verdict(String body) {
    if (body.contains("HA-RELEASE-READABLE")) {
      return "refused: HA-RELEASE-READABLE";
    }
    return body.contains("\"allowed\":true") ? "allowed" : "refused by the rules";
  }
}
