package io.harborhaguard.limits;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one executor for blocking calls a review makes or starts: Kubernetes API reads (namespaces,
 * key Secrets), the HA group store, Events. At most {@link #THREADS} threads, idle ones end after a
 * minute; calls beyond that wait in line. A caller never waits longer than its own budget ({@link
 * #call}), so a hung API server costs threads, never a review's deadline.
 */
@Singleton
public class BlockingCalls implements Executor {

  /** Enough for one namespace read, one Secret read and one store call per review thread. */
  static final int THREADS = 16;

  private final ExecutorService pool;

  public BlockingCalls() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread thread = new Thread(r, "blocking-call-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    this.pool = executor;
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  /**
   * Runs {@code call} and waits at most {@code budget} for it.
   *
   * @throws TimeoutException when the budget runs out (the call goes on and its result is dropped)
   * @throws ExecutionException with the call's own failure as cause
   */
  public <T> T call(Callable<T> call, Duration budget)
      throws TimeoutException, ExecutionException, InterruptedException {
    CompletableFuture<T> result = new CompletableFuture<>();
    pool.execute(
        () -> {
          try {
            result.complete(call.call());
          } catch (Throwable e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
