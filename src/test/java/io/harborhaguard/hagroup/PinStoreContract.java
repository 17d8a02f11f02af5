package io.harborhaguard.hagroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every store must do; each store's test supplies a fresh store and a way to dump it. */
abstract class PinStoreContract {

  static final String KEY_A =
      "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----";
  static final String KEY_B =
      "-----BEGIN RSA PRIVATE KEY-----\nBBBB\n-----END RSA PRIVATE KEY-----";
  static final String XSRF = "Yd3Hs8Kq1Vn6Bw0Zr5Tj2Lx9Pc4Mf7Ga";

  abstract PinStore store();

  /** Everything the store holds, as text, to prove it holds no key. */
  abstract String dump() throws Exception;

  private static int groups;

  static String freshGroup() {
    return "group-" + (++groups) + "-" + System.nanoTime() % 100000;
  }

  static HaGroupPin pin(String group, String key, String release) {
    return new HaGroupPin(
        group,
        Fingerprints.sha256(key),
        Fingerprints.sha256(XSRF),
        release,
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        null,
        null);
  }

  @Test
  void firstPinWinsAndLaterCandidatesSeeIt() throws Exception {
    String group = freshGroup();
    HaGroupPin first = store().pinIfAbsent(pin(group, KEY_A, "dc1/harbor"));
    HaGroupPin second = store().pinIfAbsent(pin(group, KEY_B, "dc2/harbor"));
    assertThat(first.pinnedBy()).isEqualTo("dc1/harbor");
    assertThat(second.pinnedBy()).isEqualTo("dc1/harbor");
    assertThat(second.tokenKeySha256()).isEqualTo(Fingerprints.sha256(KEY_A));
    assertThat(store().find(group)).contains(first);
  }

  @Test
  void exactlyOneOfConcurrentPinsWins() throws Exception {
    String group = freshGroup();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<HaGroupPin>> racers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String release = "ns" + i + "/harbor";
        String key = i % 2 == 0 ? KEY_A : KEY_B;
        racers.add(() -> store().pinIfAbsent(pin(group, key, release)));
      }
      Set<String> winners = new HashSet<>();
      for (Future<HaGroupPin> result : pool.invokeAll(racers)) {
        winners.add(result.get().pinnedBy());
      }
      assertThat(winners).hasSize(1);
      assertThat(store().find(group).orElseThrow().pinnedBy()).isEqualTo(winners.iterator().next());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void repinReplacesOncePerToken() throws Exception {
    String group = freshGroup();
    store().pinIfAbsent(pin(group, KEY_A, "dc1/harbor"));
    HaGroupPin repin =
        new HaGroupPin(
            group,
            Fingerprints.sha256(KEY_B),
            Fingerprints.sha256(XSRF),
            "dc2/harbor",
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            "1763770000",
            "alice");
    assertThat(store().repin(repin).pinnedBy()).isEqualTo("dc2/harbor");
    HaGroupPin same = store().repin(pin(group, KEY_A, "dc3/harbor").withRepin("1763770000", "bob"));
    assertThat(same.pinnedBy()).as("same token is honoured once").isEqualTo("dc2/harbor");
    HaGroupPin stored = store().find(group).orElseThrow();
    assertThat(stored.repinnedBy()).isEqualTo("alice");
    assertThat(stored.tokenKeySha256()).isEqualTo(Fingerprints.sha256(KEY_B));
  }

  @Test
  void storeHoldsFingerprintsNeverKeys() throws Exception {
    store().pinIfAbsent(pin(freshGroup(), KEY_A, "dc1/harbor"));
    String everything = dump();
    assertThat(everything).contains(Fingerprints.sha256(KEY_A));
    assertThat(everything).doesNotContain("AAAA").doesNotContain(XSRF);
  }

  @Test
  void sharedFingerprintsAreKeptAndAddedKeysNeverReplaceHeldOnes() throws Exception {
    String group = freshGroup();
    String registry = Fingerprints.sha256("Rz4Gp7Ks1Wd8Hm3Y");
    HaGroupPin first =
        new HaGroupPin(
            group,
            null,
            Fingerprints.sha256(XSRF),
            Map.of("registry.secret", registry),
            "dc1/harbor",
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            null,
            null);
    assertThat(store().pinIfAbsent(first)).isEqualTo(first);
    assertThat(store().find(group).orElseThrow().shared())
        .isEqualTo(Map.of("registry.secret", registry));

    HaGroupPin added =
        store()
            .addShared(
                group,
                Map.of(
                    "registry.secret",
                    Fingerprints.sha256("Other16charsXyzW"),
                    "core.secret",
                    Fingerprints.sha256("Qm7TzR2vLp9XwK4c")));
    assertThat(added.shared())
        .isEqualTo(
            Map.of(
                "registry.secret",
                registry,
                "core.secret",
                Fingerprints.sha256("Qm7TzR2vLp9XwK4c")));
    assertThat(store().find(group)).contains(added);
    assertThat(dump()).doesNotContain("Rz4Gp7Ks1Wd8Hm3Y").doesNotContain("Qm7TzR2vLp9XwK4c");
  }

  @Test
  void unknownGroupIsEmpty() throws Exception {
    assertThat(store().find(freshGroup())).isEmpty();
  }
}
