package io.harborhaguard.admission;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Whether the Kubernetes API answered the last time the guard asked. Transitions are logged once
 * each, so a guard running without a cluster says so in one line instead of one per review.
 */
@Singleton
public class KubernetesApiStatus {

  private static final Logger LOG = Logger.getLogger(KubernetesApiStatus.class);

  public enum State {
    UNKNOWN,
    AVAILABLE,
    UNAVAILABLE
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.UNKNOWN);
  private volatile String lastError = "";

  public void reachable() {
    if (state.getAndSet(State.AVAILABLE) != State.AVAILABLE) {
      LOG.info("Kubernetes API available: namespace mode overrides are active");
    }
  }

  public void unreachable(String reason) {
    lastError = reason;
    if (state.getAndSet(State.UNAVAILABLE) != State.UNAVAILABLE) {
      LOG.warnf(
          "Kubernetes API unavailable (%s): namespace mode overrides are off, admission continues"
              + " with the configured modes",
          reason);
    }
  }

  public State state() {
    return state.get();
  }

  public String lastError() {
    return lastError;
  }
}
