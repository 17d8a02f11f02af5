package io.harborhaguard.limits;

import java.time.Duration;

/**
 * The time one review may take. Long loops (reading a release's values, running the checks) ask
 * {@link #check()} between steps; past the deadline it throws {@link Exceeded}, which the reviewer
 * answers as a record too expensive to judge. Every step is bounded on its own, so a check between
 * steps is enough to answer near the deadline.
 */
public final class Deadline {

  /** No deadline: offline commands judge a file for as long as it takes. */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE);

  /** Thrown by {@link #check()} once the deadline has passed. */
  public static final class Exceeded extends RuntimeException {
    private final Duration budget;

    Exceeded(Duration budget) {
      super("past the review deadline of " + budget.toMillis() + " ms", null, false, false);
      this.budget = budget;
    }

    public Duration budget() {
      return budget;
    }
  }

  private final long startNanos;
  private final long budgetNanos;

  private Deadline(long budgetNanos) {
    this.startNanos = System.nanoTime();
    this.budgetNanos = budgetNanos;
  }

  /** A deadline {@code budget} from now. */
  public static Deadline after(Duration budget) {
    return new Deadline(budget.toNanos());
  }

  /** What is left of the budget; {@code fallback} when there is no deadline. */
  public Duration remaining(Duration fallback) {
    if (budgetNanos == Long.MAX_VALUE) {
      return fallback;
    }
    return Duration.ofNanos(Math.max(0, budgetNanos - (System.nanoTime() - startNanos)));
  }

  public boolean passed() {
    return budgetNanos != Long.MAX_VALUE && System.nanoTime() - startNanos > budgetNanos;
  }

  public void check() {
    if (passed()) {
      throw new Exceeded(Duration.ofNanos(budgetNanos));
    }
  }
}
