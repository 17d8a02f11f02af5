package io.harborhaguard.hagroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.rules.group.GroupConsistentRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class HaGroupPinsTest {

  private static final BlockingCalls CALLS = new BlockingCalls();

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T01:02:03Z"), ZoneOffset.UTC);

  /** An in-memory store with the same contract, optionally hanging. */
  static final class MemoryStore implements PinStore {
    final ConcurrentHashMap<String, HaGroupPin> pins = new ConcurrentHashMap<>();
    CountDownLatch hang;

    private void maybeHang() {
      if (hang != null) {
        try {
          hang.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public HaGroupPin pinIfAbsent(HaGroupPin candidate) {
      maybeHang();
      return pins.computeIfAbsent(candidate.group(), g -> candidate);
    }

    @Override
    public HaGroupPin repin(HaGroupPin candidate) {
      return pins.compute(
          candidate.group(),
          (g, old) ->
              old != null && candidate.repinToken().equals(old.repinToken()) ? old : candidate);
    }

    @Override
    public Optional<HaGroupPin> find(String group) {
      maybeHang();
      return Optional.ofNullable(pins.get(group));
    }

    @Override
    public HaGroupPin addShared(String group, Map<String, String> shared) {
      return pins.computeIfPresent(group, (g, old) -> old.withSharedAdded(shared));
    }

    @Override
    public String name() {
      return "memory";
    }
  }

  private static HaGroupPins.Request shared(String release, Map<SharedKey, String> material) {
    Map<SharedKey, String> fingerprints = new EnumMap<>(SharedKey.class);
    material.forEach((key, value) -> fingerprints.put(key, Fingerprints.sha256(value)));
    return new HaGroupPins.Request(
        "prod",
        release,
        new KeyFingerprints(null, Fingerprints.sha256("x"), fingerprints),
        Optional.empty(),
        "alice",
        false);
  }

  @Test
  void aDifferentRegistrySecretIsADifferenceOfItsOwn() {
    var pins = new HaGroupPins(new MemoryStore(), Duration.ofSeconds(1), CLOCK, CALLS);
    pins.check(shared("dc1/harbor", Map.of(SharedKey.REGISTRY_SECRET, "Rz4Gp7Ks1Wd8Hm3Y")));
    assertThat(
            pins.check(shared("dc2/harbor", Map.of(SharedKey.REGISTRY_SECRET, "Other16charsXyzW")))
                .differences())
        .singleElement()
        .satisfies(d -> assertThat(d.key()).isEqualTo(HaGroupPins.Key.REGISTRY_SECRET));
    assertThat(
            pins.check(shared("dc3/harbor", Map.of(SharedKey.REGISTRY_SECRET, "Rz4Gp7Ks1Wd8Hm3Y")))
                .differences())
        .isEmpty();
  }

  @Test
  void aPinOfTheOldShapeTakesTheSharedKeysOfTheNextReleaseAndKeepsItsOwn() {
    MemoryStore store = new MemoryStore();
    // stored before the shared keys: token and XSRF fingerprints only
    store.pins.put(
        "prod",
        new HaGroupPin(
            "prod", null, Fingerprints.sha256("x"), "dc1/harbor", CLOCK.instant(), null, null));
    var pins = new HaGroupPins(store, Duration.ofSeconds(1), CLOCK, CALLS);

    assertThat(
            pins.check(shared("dc1/harbor", Map.of(SharedKey.CORE_SECRET, "Qm7TzR2vLp9XwK4c")))
                .differences())
        .isEmpty();
    assertThat(store.pins.get("prod").shared())
        .containsEntry("core.secret", Fingerprints.sha256("Qm7TzR2vLp9XwK4c"));
    assertThat(store.pins.get("prod").xsrfKeySha256()).isEqualTo(Fingerprints.sha256("x"));
    assertThat(
            pins.check(shared("dc2/harbor", Map.of(SharedKey.CORE_SECRET, "another16chars!!")))
                .differences())
        .singleElement()
        .satisfies(d -> assertThat(d.key()).isEqualTo(HaGroupPins.Key.CORE_SECRET));
  }

  private static HaGroupPins.Request request(
      String release, String token, String xsrf, boolean dryRun) {
    return new HaGroupPins.Request(
        "prod",
        release,
        new KeyFingerprints(
            token == null ? null : Fingerprints.sha256(token), Fingerprints.sha256(xsrf)),
        Optional.empty(),
        "alice",
        dryRun);
  }

  @Test
  void messageNamesTheKeyTheGroupAndThePinningRelease() {
    var pins = new HaGroupPins(new MemoryStore(), Duration.ofSeconds(1), CLOCK, CALLS);
    assertThat(pins.check(request("dc1/harbor", "k", "x1", false)).differences()).isEmpty();
    var differences = pins.check(request("dc2/harbor", "k", "x2", false)).differences();
    assertThat(differences)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).isEqualTo(HaGroupPins.Key.XSRF_KEY);
              assertThat(d.pin().pinnedBy()).isEqualTo("dc1/harbor");
            });
    HaGroupPins.Difference difference = differences.get(0);
    Finding finding =
        new Finding(
            new GroupConsistentRule()
                .differs(
                    "prod",
                    difference.key().description(),
                    difference.key().valuesKey(),
                    difference.pin().pinnedBy(),
                    difference.pin().pinnedAt()),
            Mode.ENFORCE);
    assertThat(FindingFormat.line(finding))
        .isEqualTo(
            "HA-GROUP-CONSISTENT: core.xsrfKey differs from HA group \"prod\" (pinned by release"
                + " dc1/harbor on 2026-11-22T01:02:03Z) -> use the same key as the group, or re-pin"
                + " the group deliberately with the namespace annotation"
                + " harbor-ha-guard.io/repin=<timestamp>.");
  }

  @Test
  void aReleaseWithoutATokenKeyIsComparedOnWhatItHas() {
    var pins = new HaGroupPins(new MemoryStore(), Duration.ofSeconds(1), CLOCK, CALLS);
    pins.check(request("dc1/harbor", "k", "x", false));
    assertThat(pins.check(request("dc2/harbor", null, "x", false)).differences()).isEmpty();
  }

  @Test
  void dryRunDoesNotPin() {
    MemoryStore store = new MemoryStore();
    var pins = new HaGroupPins(store, Duration.ofSeconds(1), CLOCK, CALLS);
    assertThat(pins.check(request("dc1/harbor", "k", "x", true)).differences()).isEmpty();
    assertThat(store.pins).isEmpty();
  }

  @Test
  void hangingStoreIsUnavailableAfterTheTimeout() {
    MemoryStore store = new MemoryStore();
    store.hang = new CountDownLatch(1);
    try {
      var verdict =
          new HaGroupPins(store, Duration.ofMillis(200), CLOCK, CALLS)
              .check(request("dc1/harbor", "k", "x", false));
      assertThat(verdict.unavailable()).contains("the memory store: no answer within 200 ms");
    } finally {
      store.hang.countDown();
    }
  }

  @Test
  void badGroupNamesAreRefused() {
    var pins = new HaGroupPins(new MemoryStore(), Duration.ofSeconds(1), CLOCK, CALLS);
    var bad =
        new HaGroupPins.Request(
            "Prod Group!", "r", new KeyFingerprints(null, null), Optional.empty(), "", false);
    Assertions.assertThatThrownBy(() -> pins.check(bad))
        .hasMessageContaining("must be 1-40 lowercase letters");
  }
}
