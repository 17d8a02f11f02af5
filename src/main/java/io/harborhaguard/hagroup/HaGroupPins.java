package io.harborhaguard.hagroup;

import io.harborhaguard.limits.BlockingCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Compares a release's key fingerprints with its HA group's pin; the first release of a group pins
 * it. Store calls are bounded by {@code timeout}, so an unreachable store cannot stall a review.
 */
public class HaGroupPins {

  private static final Logger LOG = Logger.getLogger(HaGroupPins.class);

  /** Which release wants in, with what, and whether it may write. */
  public record Request(
      String group,
      String release,
      KeyFingerprints fingerprints,
      Optional<String> repinToken,
      String user,
      boolean dryRun) {}

  /** One key that differs from the group's pin: which key, and the pin it differs from. */
  public record Difference(Key key, HaGroupPin pin) {}

  /** The keys a group pins. */
  public enum Key {
    TOKEN_KEY("the token key (core.secretName or core.tokenKey)", "core.secretName", null),
    XSRF_KEY("core.xsrfKey", "core.xsrfKey", null),
    SECRET_KEY(SharedKey.SECRET_KEY),
    CORE_SECRET(SharedKey.CORE_SECRET),
    JOBSERVICE_SECRET(SharedKey.JOBSERVICE_SECRET),
    REGISTRY_SECRET(SharedKey.REGISTRY_SECRET),
    REGISTRY_CREDENTIALS(SharedKey.REGISTRY_CREDENTIALS),
    HARBOR_VERSION(SharedKey.HARBOR_VERSION);

    private final String description;
    private final String valuesKey;
    private final SharedKey shared;

    Key(SharedKey shared) {
      this(shared.description(), shared.valuesKey(), shared);
    }

    Key(String description, String valuesKey, SharedKey shared) {
      this.description = description;
      this.valuesKey = valuesKey;
      this.shared = shared;
    }

    public String description() {
      return description;
    }

    public String valuesKey() {
      return valuesKey;
    }
  }

  /** Empty {@code differences} means consistent; {@code unavailable} says why it is unknown. */
  public record Verdict(List<Difference> differences, Optional<String> unavailable) {
    static Verdict consistent() {
      return new Verdict(List.of(), Optional.empty());
    }
  }

  private final PinStore store;
  private final Duration timeout;
  private final Clock clock;
  private final BlockingCalls calls;

  /** Store calls run on {@code calls}, the service's executor for blocking calls. */
  public HaGroupPins(PinStore store, Duration timeout, Clock clock, BlockingCalls calls) {
    this.store = store;
    this.timeout = timeout;
    this.clock = clock;
    this.calls = calls;
  }

  public Verdict check(Request request) {
    return check(request, timeout);
  }

  /** As {@link #check(Request)}, within what is left of the caller's budget. */
  public Verdict check(Request request, Duration budget) {
    HaGroupPin.requireGroupName(request.group());
    long millis = Math.max(1, Math.min(budget.toMillis(), timeout.toMillis()));
    try {
      Optional<HaGroupPin> pin = calls.call(() -> resolve(request), Duration.ofMillis(millis));
      return pin.map(p -> compare(request, p)).orElseGet(Verdict::consistent);
    } catch (TimeoutException e) {
      return unavailable("no answer within " + millis + " ms");
    } catch (ExecutionException e) {
      return unavailable(e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    }
  }

  private Verdict unavailable(String reason) {
    return new Verdict(List.of(), Optional.of("the " + store.name() + " store: " + reason));
  }

  /** The pin in force after this request; empty when a dry run meets an unpinned group. */
  private Optional<HaGroupPin> resolve(Request request) {
    try {
      if (request.dryRun()) {
        return store.find(request.group());
      }
      HaGroupPin candidate = candidate(request);
      if (request.repinToken().isPresent()) {
        Optional<HaGroupPin> stored = store.find(request.group());
        if (stored.isEmpty() || !request.repinToken().get().equals(stored.get().repinToken())) {
          HaGroupPin pin = store.repin(candidate);
          LOG.infof(
              "HA group %s re-pinned by release %s (user %s, repin %s)",
              request.group(), request.release(), request.user(), request.repinToken().get());
          return Optional.of(pin);
        }
      }
      HaGroupPin pin = store.pinIfAbsent(candidate);
      // a pin stored before a key was shared (or by a member that did not set it) takes this
      // release's fingerprint of it; what it holds already stays
      if (!pin.shared().keySet().containsAll(candidate.shared().keySet())) {
        pin = store.addShared(request.group(), candidate.shared());
      }
      return Optional.of(pin);
    } catch (PinStore.StoreException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private HaGroupPin candidate(Request request) {
    return new HaGroupPin(
        request.group(),
        request.fingerprints().tokenKeySha256(),
        request.fingerprints().xsrfKeySha256(),
        request.fingerprints().sharedByStoreName(),
        request.release(),
        clock.instant(),
        request.repinToken().orElse(null),
        request.repinToken().isPresent() ? request.user() : null);
  }

  private static Verdict compare(Request request, HaGroupPin pin) {
    List<Difference> differences = new ArrayList<>();
    if (differs(request.fingerprints().tokenKeySha256(), pin.tokenKeySha256())) {
      differences.add(new Difference(Key.TOKEN_KEY, pin));
    }
    if (differs(request.fingerprints().xsrfKeySha256(), pin.xsrfKeySha256())) {
      differences.add(new Difference(Key.XSRF_KEY, pin));
    }
    Map<String, String> mine = request.fingerprints().sharedByStoreName();
    for (Key key : Key.values()) {
      if (key.shared != null
          && differs(mine.get(key.shared.storeName()), pin.shared().get(key.shared.storeName()))) {
        differences.add(new Difference(key, pin));
      }
    }
    return new Verdict(List.copyOf(differences), Optional.empty());
  }

  private static boolean differs(String mine, String pinned) {
    return mine != null && pinned != null && !Objects.equals(mine, pinned);
  }
}
